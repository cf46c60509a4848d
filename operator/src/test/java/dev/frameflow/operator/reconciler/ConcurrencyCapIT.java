package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 50 VideoJobs with a cap of 4: never more than 4 Jobs at once, oldest first, all finish. */
class ConcurrencyCapIT {

  static final int CAP = 4;
  static final int VIDEOS = 50;

  @TempDir Path temp;

  @Test
  void neverMoreThanTheCapRunAndAllFinishInCreationOrder() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect()) {
      KubernetesClient client = kubernetes.client();
      String sharedSource = "videos/shared/source";
      s3.put(InProcessS3.UPLOADS, sharedSource, TestVideos.mp4(temp, 1));
      List<String> startOrder = new CopyOnWriteArrayList<>();
      Map<String, Integer> unfinishedAtStart = new ConcurrentHashMap<>();
      try (TestKubelet kubelet =
          TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
              .beforeEachContainer(
                  (job, attempt) -> {
                    startOrder.add(job.getMetadata().getName());
                    unfinishedAtStart.put(
                        job.getMetadata().getName(), unfinishedJobs(client).size());
                  })
              .start()) {
        List<UUID> videos = new ArrayList<>();
        for (int i = 0; i < VIDEOS; i++) {
          UUID videoId = UUID.randomUUID();
          videos.add(videoId);
          VideoJobSpec spec =
              new VideoJobSpec(
                  videoId.toString(),
                  VideoJobFixtures.spec(videoId).owner(),
                  new ObjectRef(InProcessS3.UPLOADS, sharedSource),
                  new ObjectRef(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId)),
                  ExtractionOptions.builder().fps(1.0).format(ImageFormat.JPEG).width(80).build(),
                  null,
                  null,
                  null);
          client.resource(VideoJobFixtures.videoJob(videoId, spec)).create();
        }
        // all 50 exist before the operator starts: the queue order is fully known
        VideoJobOperator operator =
            OperatorFixture.start(
                client,
                OperatorFixture.properties(CAP),
                OperatorFixture.s3(s3),
                broker.statusPublisher());

        try {
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> published(client) == VIDEOS);
        } finally {
          operator.stop();
        }

        assertThat(kubelet.maxConcurrentJobs()).isBetween(2, CAP);
        assertThat(unfinishedAtStart.values()).allMatch(n -> n <= CAP);
        assertThat(kubelet.jobsSeen()).isEqualTo(VIDEOS);
        List<VideoJob> all = client.resources(VideoJob.class).list().getItems();
        assertThat(all).allMatch(v -> v.getStatus().getPhase() == Phase.Succeeded);
        assertThat(broker.drainOutcomeMessages())
            .extracting(m -> m.get("videoId").asText())
            .containsExactlyInAnyOrderElementsOf(
                videos.stream().map(UUID::toString).collect(Collectors.toList()));

        // Oldest first: a Job never starts more than CAP places away from its place in the queue.
        List<String> queueOrder =
            all.stream()
                .sorted(JobSlots.CREATION_ORDER)
                .map(v -> v.getStatus().getJobName())
                .toList();
        for (int started = 0; started < startOrder.size(); started++) {
          int queued = queueOrder.indexOf(startOrder.get(started));
          assertThat(Math.abs(started - queued))
              .as("start position of %s", startOrder.get(started))
              .isLessThanOrEqualTo(CAP);
        }
      }
    }
  }

  private static List<Job> unfinishedJobs(KubernetesClient client) {
    return client.batch().v1().jobs().list().getItems().stream()
        .filter(j -> !JobObservation.isFinished(j))
        .toList();
  }

  private static long published(KubernetesClient client) {
    return client.resources(VideoJob.class).list().getItems().stream()
        .filter(v -> v.getStatus() != null && v.getStatus().getPublishedEventId() != null)
        .count();
  }
}
