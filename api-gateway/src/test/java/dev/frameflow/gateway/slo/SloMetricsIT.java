package dev.frameflow.gateway.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.status.VideoStatusService;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SLO meters wired into the running gateway: an upload through HTTP counts by its answer, and a
 * video reaching its final state counts in the completion histogram (applied through this context's
 * status service: every gateway context of the suite consumes the same status queue).
 */
class SloMetricsIT extends GatewayIntegrationTest {

  @Autowired MeterRegistry meters;
  @Autowired VideoStatusService statuses;

  @Test
  void uploadsCountByTheirAnswer() {
    String token = login(newUser());
    double accepted = uploads("accepted");
    double refused = uploads("refused");

    uploadVideo(token);
    HttpResponse<String> noFile = upload(token, new Multipart().field("fps", "1"));

    assertThat(noFile.statusCode()).isBetween(400, 499);
    assertThat(uploads("accepted")).isEqualTo(accepted + 1);
    assertThat(uploads("refused")).isEqualTo(refused + 1);
  }

  @Test
  void aVideoReachingItsFinalStateCountsInItsSizeClass() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token); // a one-second clip: small
    long before = completions("small");

    VideoStatusService.Result result =
        statuses.apply(
            VideoStatusEvent.failed(UUID.randomUUID(), videoId, Instant.now(), "bad input", 1));

    assertThat(result).isEqualTo(VideoStatusService.Result.APPLIED);
    assertThat(completions("small")).isEqualTo(before + 1);
    // a second outcome for a finished video changes nothing: counted once
    statuses.apply(
        VideoStatusEvent.failed(UUID.randomUUID(), videoId, Instant.now(), "bad input", 1));
    assertThat(completions("small")).isEqualTo(before + 1);
  }

  /**
   * The recording rules (helm/frameflow/templates/monitoring/prometheusrule.yaml) select the bucket
   * at each objective by its {@code le} label, as exposed here.
   */
  @Test
  void theExpositionHasABucketAtEachObjectiveWithTheLabelsTheRulesSelect() {
    String exposition = get("/actuator/prometheus", null).body();

    assertThat(exposition)
        .containsPattern(
            bucket("frameflow_video_completion_seconds", "size_class=\"small\"", "600.0"))
        .containsPattern(
            bucket("frameflow_video_completion_seconds", "size_class=\"medium\"", "1800.0"))
        .containsPattern(
            bucket("frameflow_video_completion_seconds", "size_class=\"large\"", "3600.0"))
        .containsPattern(bucket("frameflow_webhook_delivery_seconds", "", "300.0"))
        .containsPattern(
            "(?m)^frameflow_webhooks_deliveries_total\\{[^}]*outcome=\"failed\"[^}]*\\} ")
        .containsPattern("(?m)^frameflow_upload_requests_total\\{[^}]*outcome=\"failed\"[^}]*\\} ");
  }

  private static String bucket(String histogram, String label, String le) {
    return "(?m)^"
        + histogram
        + "_bucket\\{(?=[^}]*le=\""
        + java.util.regex.Pattern.quote(le)
        + "\")"
        + (label.isEmpty() ? "" : "(?=[^}]*" + java.util.regex.Pattern.quote(label) + ")")
        + "[^}]*\\} ";
  }

  private double uploads(String outcome) {
    return meters
        .get(UploadOutcomes.METRIC)
        .tag("route", "multipart")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private long completions(String sizeClass) {
    return meters.get(VideoCompletionMeter.METRIC).tag("size_class", sizeClass).timer().count();
  }
}
