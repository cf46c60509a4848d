package dev.frameflow.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader change in the middle of a sliced video leaves one {@code video.slice} span per pod: the
 * first operator follows the Indexed Job while two of its three slices run to their end (their
 * spans recorded), and is stopped while the third waits to start (the test kubelet holds it); a
 * second operator, with fresh process state, against the same API server, takes over, follows the
 * same Job (whose ended pods it sees again) and brings the video to Succeeded. It must record the
 * third slice alone: which pods were traced is in the VideoJob's status, not in the first
 * operator's memory. Both operators' spans go to one in-memory exporter, as to one collector.
 *
 * <p>Once a VideoJob is final its Job is no longer followed, so a failover after the end cannot
 * repeat a span; the window is any leader change while the VideoJob is not final (slices still
 * running, or the ZIP's assembly retried).
 */
class SliceTraceFailoverIT {

  static final int SLICES = 3;
  static final AttributeKey<String> POD = AttributeKey.stringKey(SliceSpans.POD);

  @TempDir Path temp;

  @Test
  void aNewLeaderRecordsOnlyTheSlicesTheOldOneDidNot() throws Exception {
    CountDownLatch takenOver = new CountDownLatch(1);
    AtomicInteger containers = new AtomicInteger();
    try (ExportedSpans exported = new ExportedSpans();
        MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect();
        TestKubelet kubelet =
            TestKubelet.forS3(kubernetes.client(), s3, temp.resolve("kubelet"))
                .beforeEachContainer(
                    (job, attempt) -> {
                      // the last slice to start waits for the second operator
                      if (containers.incrementAndGet() == SLICES) {
                        takenOver.await(2, TimeUnit.MINUTES);
                      }
                    })
                .start()) {
      KubernetesClient client = kubernetes.client();
      UUID videoId = UUID.randomUUID();
      String name = VideoJobNames.videoJob(videoId);
      s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));

      VideoJobOperator first = start(client, s3, broker, exported);
      try {
        client
            .resource(
                VideoJobFixtures.videoJob(
                    videoId,
                    VideoJobFixtures.spec(videoId).withSlicing(SLICES, SLICES * 600.0 - 1)))
            .create();
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> sliceSpans(exported).size() == SLICES - 1);
      } finally {
        // its passes finish (their status patches included) before it stops
        first.stop();
      }
      int recordedByTheFirst = sliceSpans(exported).size();

      VideoJobOperator second = start(client, s3, broker, exported);
      try {
        takenOver.countDown();
        VideoJobWaits.succeeded(client, videoId);
      } finally {
        second.stop();
      }

      List<Pod> pods =
          client
              .pods()
              .withLabel(MetadataKeys.JOB_NAME, VideoJobNames.job(videoId))
              .list()
              .getItems();
      Map<String, Long> spansPerPod =
          sliceSpans(exported).stream()
              .collect(
                  Collectors.groupingBy(s -> s.getAttributes().get(POD), Collectors.counting()));
      assertThat(recordedByTheFirst).isEqualTo(SLICES - 1);
      assertThat(pods).hasSize(SLICES);
      assertThat(spansPerPod)
          .as("one video.slice span per pod, across both leaders")
          .isEqualTo(
              pods.stream()
                  .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> 1L, Long::sum)));
      assertThat(
              client
                  .resources(VideoJob.class)
                  .withName(name)
                  .get()
                  .getStatus()
                  .getTracedSlicePods())
          .as("the status lists every traced pod, by uid")
          .containsOnlyKeys(pods.stream().map(p -> p.getMetadata().getUid()).toList());
    }
  }

  private static VideoJobOperator start(
      KubernetesClient client, InProcessS3 s3, TestBroker broker, ExportedSpans exported) {
    return OperatorFixture.startTraced(
        client,
        8,
        OperatorFixture.s3(s3),
        broker.statusPublisher(),
        exported.traces(),
        JobTracing.off());
  }

  private static List<SpanData> sliceSpans(ExportedSpans exported) {
    return exported.finished().stream()
        .filter(s -> s.getName().equals(SliceSpans.NAME))
        .collect(Collectors.toList());
  }
}
