package dev.frameflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.KubernetesChain;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.testing.OtlpReceiver;
import dev.frameflow.testing.OtlpReceiver.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 30's "one trace per video" on the Kubernetes path: the api-gateway, the operator and the
 * extraction pod (the test kubelet runs the real extractor with the pod's environment) export over
 * OTLP/HTTP to one receiver on a real socket, and one upload is one trace across all three, parent
 * by parent and in causal order, each hop naming the video.
 */
class VideoTraceKubernetesIT {

  static OtlpReceiver collector;
  static KubernetesChain chain;
  static FrameflowApi api;
  @TempDir static Path media;

  @BeforeAll
  static void startTheChainExportingToOneCollector() {
    collector = OtlpReceiver.start();
    String traces = collector.endpoint() + "/v1/traces";
    Map<String, Object> exporting =
        Map.of(
            "management.opentelemetry.tracing.export.otlp.endpoint",
            traces,
            "management.opentelemetry.tracing.export.schedule-delay",
            "100ms");
    Map<String, Object> operator = new java.util.HashMap<>(exporting);
    operator.put("frameflow.operator.tracing.job-otlp-endpoint", collector.endpoint().toString());
    chain = KubernetesChain.get(new KubernetesChain.Settings(exporting, operator));
    api = chain.api();
  }

  @AfterAll
  static void stopTheCollector() {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void oneUploadIsOneTraceThroughTheGatewayTheOperatorThePodAndBack() throws Exception {
    String token = api.registerAndLogin("tracy-" + UUID.randomUUID() + "@example.org");
    String videoId = api.uploadVideo(token, Media.video(media, 2), Map.of("fps", "1"));
    assertThat(
            FrameflowApi.field(api.awaitFinished(token, videoId, Duration.ofMinutes(3)), "status"))
        .isEqualTo("SUCCEEDED");

    String traceId = uploadSpan(videoId).traceId();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(collector.trace(traceId))
                    .extracting(ReceivedSpan::name)
                    .contains(
                        "video.upload",
                        "outbox.relay",
                        "bridge video.uploaded",
                        "reconcile: launch",
                        "extractor extract",
                        "decode",
                        "video.status consume",
                        "video.email"));
    List<ReceivedSpan> trace = collector.trace(traceId);
    assertThat(trace)
        .extracting(ReceivedSpan::service)
        .contains("api-gateway", "frameflow-operator", "frame-extractor");

    ReceivedSpan upload = named(trace, "video.upload");
    ReceivedSpan relay = named(trace, "outbox.relay");
    ReceivedSpan bridge = named(trace, "bridge video.uploaded");
    ReceivedSpan launch = named(trace, "reconcile: launch");
    ReceivedSpan extract = named(trace, "extractor extract");
    ReceivedSpan email = named(trace, "video.email");
    // parent by parent, across the broker, the VideoJob's annotation and the pod's environment
    assertThat(relay.traceId()).isEqualTo(upload.traceId());
    assertThat(bridge.parentSpanId()).as("the message's traceparent").isEqualTo(relay.spanId());
    assertThat(launch.parentSpanId()).as("the VideoJob's annotation").isEqualTo(bridge.spanId());
    assertThat(extract.parentSpanId()).as("the pod's TRACEPARENT").isEqualTo(launch.spanId());
    ReceivedSpan consumed =
        trace.stream()
            .filter(s -> s.spanId().equals(email.parentSpanId()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the email's parent is not in the trace"));
    assertThat(consumed.name()).isEqualTo("video.status consume");
    assertThat(consumed.service()).isEqualTo("api-gateway");
    // in causal order
    assertThat(
            List.of(upload, relay, bridge, launch, extract, consumed, email).stream()
                .map(ReceivedSpan::startNanos)
                .toList())
        .as("upload, relay, bridge, launch, extraction, outcome, email")
        .isSortedAccordingTo(Comparator.naturalOrder());
    assertThat(consumed.startNanos()).isGreaterThanOrEqualTo(extract.endNanos());
    // each hop names the video
    for (ReceivedSpan hop : List.of(bridge, launch, extract, consumed, email)) {
      assertThat(hop.attributes()).as(hop.name()).containsEntry("video.id", videoId);
    }
  }

  private static ReceivedSpan uploadSpan(String videoId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                collector.spans().stream()
                    .filter(s -> s.name().equals("video.upload"))
                    .filter(s -> videoId.equals(s.attributes().get("video.id")))
                    .findFirst()
                    .orElse(null),
            java.util.Objects::nonNull);
  }

  private static ReceivedSpan named(List<ReceivedSpan> trace, String name) {
    return trace.stream()
        .filter(s -> s.name().equals(name))
        .min(Comparator.comparingLong(ReceivedSpan::startNanos))
        .orElseThrow(() -> new AssertionError("no span " + name));
  }
}
