package dev.frameflow.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.operator.testing.VideoJobWaits;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sliced video's trace has a span per slice: the operator, following the Indexed Job's pods
 * (which the test kubelet runs, each the real extractor), records for each index a {@code slice}
 * span in the video's trace, child of the pass that created the Job, from the pod's start to its
 * end, with the video, the index and the outcome. Spans go to an in-memory exporter.
 */
class SliceTraceIT {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String BRIDGE_SPAN = "00f067aa0ba902b7";
  static final AttributeKey<Long> INDEX = AttributeKey.longKey(SliceSpans.INDEX);
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(SliceSpans.OUTCOME);
  static final AttributeKey<String> POD = AttributeKey.stringKey(SliceSpans.POD);
  static final AttributeKey<String> VIDEO = AttributeKey.stringKey(VideoTraces.VIDEO_ID);

  @TempDir Path temp;

  @Test
  void eachSliceOfAnIndexedJobIsASpanInTheVideosTraceWithItsIndexAndOutcome() {
    try (ExportedSpans exported = new ExportedSpans();
        MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect();
        TestKubelet kubelet =
            TestKubelet.forS3(kubernetes.client(), s3, temp.resolve("kubelet")).start()) {
      KubernetesClient client = kubernetes.client();
      VideoJobOperator operator =
          OperatorFixture.startTraced(
              client,
              8,
              OperatorFixture.s3(s3),
              broker.statusPublisher(),
              exported.traces(),
              JobTracing.off());
      try {
        UUID videoId = UUID.randomUUID();
        s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));
        // as the bridge creates it: in the video's trace
        VideoJob videoJob =
            VideoJobFixtures.videoJob(
                videoId, VideoJobFixtures.spec(videoId).withSlicing(3, 3 * 600.0 - 1));
        videoJob
            .getMetadata()
            .getAnnotations()
            .put(MetadataKeys.TRACEPARENT, "00-" + TRACE_ID + "-" + BRIDGE_SPAN + "-01");
        client.resource(videoJob).create();

        VideoJobWaits.succeeded(client, videoId);
        List<Pod> pods =
            client
                .pods()
                .withLabel(MetadataKeys.JOB_NAME, VideoJobNames.job(videoId))
                .list()
                .getItems();
        long completed =
            nanos(
                Instant.parse(
                    client
                        .batch()
                        .v1()
                        .jobs()
                        .withName(VideoJobNames.job(videoId))
                        .get()
                        .getStatus()
                        .getCompletionTime()));
        List<SpanData> spans =
            exported.finished().stream().filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
        SpanData launch =
            spans.stream()
                .filter(s -> s.getName().equals("reconcile: launch"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no launch span in " + names(spans)));
        List<SpanData> slices =
            spans.stream().filter(s -> s.getName().equals(SliceSpans.NAME)).toList();

        assertThat(slices).extracting(s -> s.getAttributes().get(INDEX)).containsOnly(0L, 1L, 2L);
        assertThat(slices)
            .as("one span per slice pod, recorded once")
            .hasSize(pods.size())
            .extracting(s -> s.getAttributes().get(POD))
            .containsExactlyInAnyOrderElementsOf(
                pods.stream().map(p -> p.getMetadata().getName()).toList());
        assertThat(slices)
            .allSatisfy(
                slice -> {
                  assertThat(slice.getParentSpanId())
                      .as("the pass that created the Job")
                      .isEqualTo(launch.getSpanId());
                  assertThat(slice.getAttributes().get(VIDEO)).isEqualTo(videoId.toString());
                  assertThat(slice.getAttributes().get(OUTCOME)).isEqualTo("succeeded");
                  assertThat(slice.getStartEpochNanos())
                      .isGreaterThanOrEqualTo(launch.getStartEpochNanos())
                      .isLessThanOrEqualTo(slice.getEndEpochNanos());
                  // the times are the pod's: it ran from after the Job's creation until it ended
                  // (or, when the cache showed the Job's end first, until the Job's completion)
                  var ran =
                      pod(pods, slice.getAttributes().get(POD))
                          .getStatus()
                          .getContainerStatuses()
                          .get(0)
                          .getState()
                          .getTerminated();
                  assertThat(slice.getStartEpochNanos())
                      .isLessThanOrEqualTo(nanos(Instant.parse(ran.getFinishedAt())));
                  assertThat(slice.getEndEpochNanos())
                      .isBetween(nanos(Instant.parse(ran.getFinishedAt())), completed);
                });
      } finally {
        operator.stop();
      }
    }
  }

  private static Pod pod(List<Pod> pods, String name) {
    return pods.stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).toList();
  }
}
