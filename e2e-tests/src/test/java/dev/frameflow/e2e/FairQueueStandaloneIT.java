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
 * deadline is a few seconds here, no waiting video fails "timed out": the executor's QUEUED
 * heartbeat keeps them alive. While Bob waits, the API shows where he stands and an estimate.
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
                    // a waiting video would time out within the run without the heartbeat
                    "frameflow.status.deadline", "8s",
                    "frameflow.status.sweep-interval", "1s",
                    "frameflow.standalone.queue-heartbeat", "2s")))) {
      FrameflowApi api = new FrameflowApi(runtime::httpPort);
      // long enough that Bob waits for a slot a while (the next of Ada's to finish)
      Path video = Media.video(media, 40);
      String ada = api.registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
      String bob = api.registerAndLogin("bob-" + UUID.randomUUID() + "@example.org");

      List<String> adas = new ArrayList<>();
      for (int i = 0; i < ADAS_VIDEOS; i++) {
        adas.add(api.uploadVideo(ada, video, Map.of("fps", "10")));
      }
      int adasWaitingAtBobsUpload = count(api, ada, adas, "QUEUED");
      String bobs = api.uploadVideo(bob, video, Map.of("fps", "10"));

      List<String> bobsWhileWaiting = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                String body = api.video(bob, bobs).body();
                if ("QUEUED".equals(field(body, "status"))) {
                  bobsWhileWaiting.add(body);
                  return false;
                }
                return true;
              });
      int adasWaitingAtBobsStart = count(api, ada, adas, "QUEUED");

      // while he waited, Bob saw where he stood: first in line, his first, with an estimate
      assertThat(bobsWhileWaiting)
          .anySatisfy(
              body ->
                  assertThat(body)
                      .contains("\"queue\":{\"position\":1,\"ownerPosition\":1,")
                      .containsPattern("\"estimatedStartAt\":\"[0-9T:.Z-]+\",\"estimate\":true"));

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

  private static int count(FrameflowApi api, String token, List<String> ids, String status)
      throws Exception {
    int n = 0;
    for (String id : ids) {
      if (status.equals(field(api.video(token, id).body(), "status"))) {
        n++;
      }
    }
    return n;
  }
}
