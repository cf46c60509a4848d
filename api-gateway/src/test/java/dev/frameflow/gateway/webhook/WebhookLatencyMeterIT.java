package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.status.VideoStatusService;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.SuiteMeters;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhook SLO ("delivered within 5 minutes") is computed by the monitoring rules from a
 * histogram: this test takes the histogram's name and the objective's bucket from the rule's own
 * expression, has a real receiver on 127.0.0.1 take a delivery, and reads the gateway's Prometheus
 * exposition: the delivery counts in the bucket and in the count the rule divides by.
 */
class WebhookLatencyMeterIT extends GatewayIntegrationTest {

  static final Path RULES =
      Path.of("..", "kustomize", "components", "monitoring", "prometheusrule.yaml");
  static final String SLO_RECORD = "frameflow:slo_webhook_late:ratio_rate5m";

  @Autowired VideoStatusService statuses;

  @Test
  void aDeliveryCountsInTheHistogramTheWebhookSloRuleReads() throws Exception {
    SloSelectors slo = SloSelectors.fromRule(Files.readString(RULES), SLO_RECORD);
    assertThat(slo.bucket()).isEqualTo("frameflow_webhook_delivery_seconds_bucket");
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      String token = login(newUser());
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      registerWebhook(token, hook, "video.succeeded");
      UUID videoId = uploadVideo(token);
      double inTime = slo.deliveredInTime();
      double all = slo.delivered();

      assertThat(
              statuses.apply(
                  VideoStatusEvent.succeeded(
                      UUID.randomUUID(), videoId, Instant.now(), 7, 1234, null, 1)))
          .isEqualTo(VideoStatusService.Result.APPLIED);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> received.stream().anyMatch(body -> body.contains(videoId.toString())));
      // the meter is recorded after the receiver's answer, on the sender's side
      await().atMost(Duration.ofSeconds(5)).until(() -> slo.delivered() >= all + 1);
      assertThat(slo.deliveredInTime())
          .as("delivered within the objective")
          .isGreaterThanOrEqualTo(inTime + 1);
    } finally {
      receiver.stop(0);
    }
  }

  /**
   * What the SLO's recording rule selects: the histogram's bucket at the objective ({@code le}) and
   * its count, by the names and labels its expression uses.
   */
  record SloSelectors(String bucket, String le, String count) {

    static SloSelectors fromRule(String rules, String record) {
      int at = rules.indexOf("- record: " + record + "\n");
      assertThat(at).as("the rule %s", record).isNotNegative();
      int next = rules.indexOf("- record: ", at + 1);
      String expression = rules.substring(at, next < 0 ? rules.length() : next);
      Matcher bucket =
          Pattern.compile("([a-z_:]+_bucket)\\{[^}]*le=\"([^\"]+)\"").matcher(expression);
      Matcher count = Pattern.compile("([a-z_:]+_count)\\{").matcher(expression);
      assertThat(bucket.find()).as("a bucket in %s", expression).isTrue();
      assertThat(count.find()).as("a count in %s", expression).isTrue();
      return new SloSelectors(bucket.group(1), bucket.group(2), count.group(1));
    }

    /** Deliveries within the objective, summed over the open gateways' expositions. */
    double deliveredInTime() {
      return SuiteMeters.sum(bucket, ".*le=\"" + Pattern.quote(le) + "\".*");
    }

    double delivered() {
      return SuiteMeters.sum(count, ".*");
    }
  }
}
