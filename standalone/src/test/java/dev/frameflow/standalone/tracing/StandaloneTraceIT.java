package dev.frameflow.standalone.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.standalone.StandaloneApiClient;
import dev.frameflow.standalone.StandaloneRuntime;
import dev.frameflow.testing.OtlpReceiver;
import dev.frameflow.testing.OtlpReceiver.ReceivedSpan;
import dev.frameflow.testing.TestVideos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone mode's half of "one upload, one trace" (issue 30, item 1): the upload, its
 * storage, the outbox relay, the in-process extraction, the status it reports and the email are one
 * trace, in causal order, each span naming the video. The spans are read as production sends them:
 * over OTLP/HTTP (protobuf) to a collector, here a real receiver on 127.0.0.1 that decodes the
 * requests; no export is configured by default, the test turns it on by its property.
 */
class StandaloneTraceIT {

  @TempDir static Path dataDir;

  static OtlpReceiver collector;
  static StandaloneRuntime runtime;
  static StandaloneApiClient api;

  @BeforeAll
  static void startCollectorAndStandaloneMode() {
    collector = OtlpReceiver.start();
    runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir,
                Map.of(
                    "management.opentelemetry.tracing.export.otlp.endpoint",
                    collector.endpoint() + "/v1/traces",
                    "management.opentelemetry.tracing.export.schedule-delay",
                    "100ms",
                    "frameflow.standalone.workers",
                    1)));
    api = new StandaloneApiClient(runtime);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void oneUploadIsOneTraceThroughExtractionStatusAndEmail() throws Exception {
    String token = api.registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
    String videoId = api.upload(token, TestVideos.oneSecond("mp4"), "");

    await().atMost(Duration.ofMinutes(2)).until(() -> !named("video.email", videoId).isEmpty());
    ReceivedSpan upload = single(named("video.upload", videoId));
    ReceivedSpan store = single(named("video.store", videoId));
    ReceivedSpan relay = named("outbox.relay", videoId).get(0);
    ReceivedSpan extract = named("video.extract", videoId).get(0);
    ReceivedSpan email = named("video.email", videoId).get(0);
    List<ReceivedSpan> trace = collector.trace(upload.traceId());

    assertThat(List.of(store, relay, extract, email))
        .extracting(ReceivedSpan::traceId)
        .containsOnly(upload.traceId());
    // causal order: each hop is the child of the one that handed the video on
    assertThat(store.parentSpanId()).isEqualTo(upload.spanId());
    assertThat(relay.parentSpanId()).isEqualTo(upload.spanId());
    assertThat(extract.parentSpanId()).isEqualTo(relay.spanId());
    assertThat(email.parentSpanId()).isEqualTo(extract.spanId());
    assertThat(relay.startNanos()).isGreaterThanOrEqualTo(store.endNanos());
    assertThat(extract.startNanos()).isGreaterThanOrEqualTo(relay.startNanos());
    assertThat(email.startNanos()).isGreaterThanOrEqualTo(extract.startNanos());
    // the extractor library's phases, in the extraction's span
    assertThat(
            trace.stream()
                .filter(span -> extract.spanId().equals(span.parentSpanId()))
                .map(ReceivedSpan::name))
        .contains("open", "index", "decode", "zip", "upload");
    System.out.printf(
        "[standalone trace] %s: %d spans of the video's trace received over OTLP%n",
        upload.traceId(), trace.size());
  }

  private static List<ReceivedSpan> named(String name, String videoId) {
    return collector.spans().stream()
        .filter(span -> span.name().equals(name))
        .filter(span -> videoId.equals(span.attributes().get("video.id")))
        .toList();
  }

  private static ReceivedSpan single(List<ReceivedSpan> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }
}
