package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.standalone.StandaloneRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28's done-when, in the standalone mode: Ada queues 40 videos against 4 workers, then Bob
 * uploads one. Bob's starts at the next free worker, not after Ada's 40; and although the stall
 * deadline is 20 s here, no waiting video fails "timed out": the executor's QUEUED heartbeat keeps
 * them alive. A waiting video shows where it stands and an estimated start.
 */
class FairQueueStandaloneIT {

  static final int WORKERS = 4;
  static final int ADAS_VIDEOS = 40;

  @TempDir Path dataDir;
  @TempDir Path media;

  @Test
  void aSecondUsersVideoStartsAtTheNextFreeSlotAndNobodyTimesOutWhileWaiting() throws Exception {
    try (StandaloneRuntime runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir,
                Map.of(
                    "frameflow.standalone.workers", WORKERS,
                    // a waiting video would time out within the run without the heartbeat (Ada's
                    // last wait minutes); a running one reports progress well within it
                    "frameflow.status.deadline", "20s",
                    "frameflow.status.sweep-interval", "1s",
                    "frameflow.standalone.queue-heartbeat", "2s")))) {
      FrameflowApi api = new FrameflowApi(runtime::httpPort);
      Path video = Media.video(media, 20);
      String ada = api.registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
      String bob = api.registerAndLogin("bob-" + UUID.randomUUID() + "@example.org");

      List<String> adas = new ArrayList<>();
      for (int i = 0; i < ADAS_VIDEOS; i++) {
        adas.add(api.uploadVideo(ada, video, Map.of("fps", "10")));
      }
      // counted in one request each: Ada's queue moves on while we count
      long adasWaitingAtBobsUpload = api.countInStatus(ada, "QUEUED");
      String bobs = api.uploadVideo(bob, video, Map.of("fps", "10"));

      List<String> bobsStatuses = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                bobsStatuses.add(field(api.video(bob, bobs).body(), "status"));
                return !"QUEUED".equals(bobsStatuses.get(bobsStatuses.size() - 1));
              });
      long adasWaitingAtBobsStart = api.countInStatus(ada, "QUEUED");
      assertThat(bobsStatuses.get(bobsStatuses.size() - 1))
          .as("Bob's video left the queue by starting (polled: %s)", bobsStatuses)
          .isIn("PROCESSING", "SUCCEEDED");

      // a waiting video shows where it stands, with an estimate labelled as one (Bob's own wait
      // is one slot's turnover, often shorter than an HTTP round trip here; the operator's
      // FairShareIT checks his standing in the QUEUED event itself)
      String lastOfAdas = adas.get(adas.size() - 1);
      String standing =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> api.video(ada, lastOfAdas).body(),
                  body -> body.contains("\"estimate\":true") && body.contains("StartAt\":\"2"));
      assertThat(field(standing, "status")).isEqualTo("QUEUED");
      assertThat(standing)
          .containsPattern("\"queue\":\\{\"position\":[0-9]+,\"ownerPosition\":[0-9]+,")
          .containsPattern("\"estimatedStartAt\":\"[0-9T:.Z-]+\",\"estimate\":true");

      assertThat(adasWaitingAtBobsUpload)
          .as("the test needs Ada's queue to be long when Bob uploads")
          .isGreaterThan(2 * WORKERS);
      assertThat(adasWaitingAtBobsStart)
          .as("Bob's video took the next free worker: at most one round of Ada's started before")
          .isGreaterThanOrEqualTo(adasWaitingAtBobsUpload - WORKERS);

      List<String> everyone = new ArrayList<>(adas);
      everyone.add(bobs);
      for (String id : everyone) {
        String done = api.awaitFinished(id.equals(bobs) ? bob : ada, id, Duration.ofMinutes(5));
        assertThat(field(done, "status")).as("video %s: %s", id, done).isEqualTo("SUCCEEDED");
      }
    }
  }
}
