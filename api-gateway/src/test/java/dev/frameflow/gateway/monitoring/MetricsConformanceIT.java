package dev.frameflow.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.topology.DeadLetterQueueDepth;
import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.testing.conformance.ScrapedMetricNames;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the api-gateway exposes on /actuator/prometheus: the names it exposes once exercised
 * (written for infra-tests/conformance/monitoring.mjs, docs/conformance.md) and the depth of its
 * dead-letter queue and the age of its oldest message, which the alert
 * FrameflowDeadLetteredMessages reads.
 */
class MetricsConformanceIT extends GatewayIntegrationTest {

  private static final String DLQ = Topology.deadLetterQueue(Topology.GATEWAY_STATUS_QUEUE);

  @Autowired DeadLetterQueueDepth deadLetters;

  @Test
  void aRefusedStatusMessageShowsInTheDeadLetterGauge() {
    new RabbitAdmin(rabbitConnectionFactory).purgeQueue(DLQ, false);

    publishStatus("{ this is not json");

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              deadLetters.refresh(); // the application reads every 30 s
              String exposition = scrape();
              assertThat(gauge(exposition, "frameflow_dead_letter_messages", DLQ)).isGreaterThan(0);
              // dead-lettered just now, by the broker's clock (x-death)
              assertThat(gauge(exposition, "frameflow_dead_letter_oldest_age_seconds", DLQ))
                  .isBetween(0.0, 60.0);
            });
  }

  @Test
  void theNamesItExposesOnceExercisedAreWrittenForTheMonitoringCheck() throws Exception {
    String token = login(newUser());
    uploadVideo(token); // an upload, an outbox row, a message: the request and outbox meters
    assertThat(get("/api/videos", token).statusCode()).isEqualTo(200);

    String exposition = scrape();
    Path file = ScrapedMetricNames.write("api-gateway", exposition);

    assertThat(Files.readAllLines(file))
        .contains(
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_bucket",
            "frameflow_outbox_lag_seconds",
            "frameflow_dead_letter_messages",
            "frameflow_dead_letter_oldest_age_seconds",
            // the SLOs' (docs/runbooks.md)
            "frameflow_upload_requests_total",
            "frameflow_video_completion_seconds_bucket",
            "frameflow_webhook_delivery_seconds_bucket",
            "frameflow_webhooks_deliveries_total",
            "jvm_memory_used_bytes");
  }

  private String scrape() {
    HttpResponse<String> response = get("/actuator/prometheus", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** A gauge's value for one queue, NaN when absent. */
  static double gauge(String exposition, String metric, String queue) {
    Matcher m =
        Pattern.compile(
                "(?m)^" + metric + "\\{[^}]*queue=\"" + Pattern.quote(queue) + "\"[^}]*\\} (\\S+)$")
            .matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
