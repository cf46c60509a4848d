package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobOwner;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28's done-when on the Kubernetes path (mock API server, test kubelet, real broker): Ada has
 * 40 VideoJobs against a cap of 4, then Bob creates one. Bob's Job starts at the next free slot,
 * not after Ada's 40; while they wait, every VideoJob keeps saying so (QUEUED with its standing,
 * here every second), so that no gap between a video's creation and its start is long enough for
 * the gateway's stall sweeper; Bob's QUEUED says where it stands.
 */
class FairShareIT {

  static final int CAP = 4;
  static final int ADAS = 40;
  static final Duration HEARTBEAT = Duration.ofSeconds(1);

  /**
   * The stall deadline this test stands for: twenty heartbeats (a loaded build machine delays
   * reconciliations by seconds); Ada's last videos wait several times longer.
   */
  static final Duration LONGEST_SILENCE = Duration.ofSeconds(20);

  /** Each pod's start takes this long: ten rounds of Ada's videos take far over the deadline. */
  static final Duration POD_START = Duration.ofSeconds(5);

  @TempDir Path temp;

  @Test
  void bobsVideoStartsAtTheNextFreeSlotAndEveryWaitingVideoKeepsSayingItWaits() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect()) {
      KubernetesClient client = kubernetes.client();
      String sharedSource = "videos/shared/source";
      s3.put(InProcessS3.UPLOADS, sharedSource, TestVideos.mp4(temp, 1));
      List<String> startOrder = new CopyOnWriteArrayList<>();
      Map<String, Instant> admitted = new java.util.concurrent.ConcurrentHashMap<>();
      try (TestKubelet kubelet =
          TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
              // each pod takes a while, so Ada's last videos wait far longer than LONGEST_SILENCE
              .withPodStartDelay(POD_START)
              .beforeEachContainer(
                  (job, attempt) -> {
                    startOrder.add(job.getMetadata().getName());
                    // admitted when its Job was created (the pod's start is the cluster's business)
                    admitted.put(
                        job.getMetadata().getName(),
                        Instant.parse(job.getMetadata().getCreationTimestamp()));
                  })
              .start()) {
        Map<UUID, Instant> created = new HashMap<>();
        List<UUID> adas = new ArrayList<>();
        for (int i = 0; i < ADAS; i++) {
          UUID videoId = UUID.randomUUID();
          adas.add(videoId);
          client.resource(videoJob(videoId, sharedSource, "ada")).create();
        }
        var operator =
            OperatorFixture.start(
                client,
                OperatorFixture.properties(CAP),
                OperatorFixture.s3(s3),
                broker.statusPublisher(),
                new SimpleMeterRegistry(),
                new VideoJobReconciler.Settings(
                    Duration.ofHours(24),
                    SlicingPolicy.SPEC_ONLY,
                    Duration.ofMinutes(30),
                    new FairShare(CAP),
                    HEARTBEAT),
                null);
        // the operator's own start is not waiting time: count Ada's silence from here
        Instant operatorStarted = Instant.now();
        adas.forEach(video -> created.put(video, operatorStarted));
        UUID bobs = UUID.randomUUID();
        int startedBeforeBob;
        List<JsonNode> messages = new ArrayList<>();
        try {
          await().atMost(Duration.ofMinutes(1)).until(() -> startOrder.size() >= CAP);
          startedBeforeBob = startOrder.size();
          created.put(bobs, Instant.now());
          client.resource(videoJob(bobs, sharedSource, "bob")).create();

          await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> {
                    messages.addAll(broker.drainStatusMessages());
                    return messages.stream()
                            .filter(m -> m.get("status").asText().equals("SUCCEEDED"))
                            .count()
                        == ADAS + 1;
                  });
        } finally {
          operator.stop();
        }

        int bobsStart = startOrder.indexOf(VideoJobNames.job(bobs));
        assertThat(bobsStart)
            .as("Bob's Job started within one round of slots after his upload (Ada had 40)")
            .isBetween(startedBeforeBob, startedBeforeBob + CAP - 1);
        JsonNode bobQueued =
            messagesOf(messages, bobs).stream()
                .filter(m -> m.get("status").asText().equals("QUEUED"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Bob's video never said it waited"));
        assertThat(bobQueued.get("queue").get("position").asInt())
            .as("first in line: a slot frees and it is his")
            .isEqualTo(1);
        assertThat(bobQueued.get("queue").get("ownerPosition").asInt()).isEqualTo(1);
        // once his Job runs, the standing is withdrawn: the gateway stops showing "first in line"
        List<JsonNode> bobsQueued =
            messagesOf(messages, bobs).stream()
                .filter(m -> m.get("status").asText().equals("QUEUED"))
                .toList();
        JsonNode bobsLastQueued = bobsQueued.get(bobsQueued.size() - 1);
        assertThat(bobsLastQueued.path("queue").isObject())
            .as("Bob's last QUEUED, sent when his Job ran, has no standing: %s", bobsLastQueued)
            .isFalse();

        for (UUID video : adas) {
          assertThat(
                  longestSilenceBeforeAdmission(
                      created.get(video),
                      admitted.get(VideoJobNames.job(video)),
                      messagesOf(messages, video)))
              .as("time without a word from video %s before it started", video)
              .isLessThanOrEqualTo(LONGEST_SILENCE);
        }
      }
    }
  }

  /**
   * The longest time between the video's creation, its QUEUED heartbeats and its admission (its
   * Job's creation): what the gateway's stall sweeper would measure while it waits.
   */
  private static Duration longestSilenceBeforeAdmission(
      Instant created, Instant admitted, List<JsonNode> messages) {
    List<Instant> times = new ArrayList<>();
    times.add(created);
    for (JsonNode m : messages) {
      Instant at = Instant.parse(m.get("occurredAt").asText());
      if (m.get("status").asText().equals("QUEUED") && at.isBefore(admitted)) {
        times.add(at);
      }
    }
    times.add(admitted);
    times.sort(null);
    Duration longest = Duration.ZERO;
    for (int i = 1; i < times.size(); i++) {
      Duration gap = Duration.between(times.get(i - 1), times.get(i));
      longest = gap.compareTo(longest) > 0 ? gap : longest;
    }
    return longest;
  }

  private static List<JsonNode> messagesOf(List<JsonNode> messages, UUID videoId) {
    return messages.stream()
        .filter(m -> m.get("videoId").asText().equals(videoId.toString()))
        .toList();
  }

  private static VideoJob videoJob(UUID videoId, String source, String owner) {
    VideoJobSpec spec =
        new VideoJobSpec(
            videoId.toString(),
            new VideoJobOwner(owner),
            new ObjectRef(InProcessS3.UPLOADS, source),
            new ObjectRef(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId)),
            ExtractionOptions.builder().fps(1.0).format(ImageFormat.JPEG).width(80).build(),
            null,
            null,
            null);
    return VideoJobFixtures.videoJob(videoId, spec);
  }
}
