package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live progress while a Job runs, not only at its end: the real extractor (run by the test kubelet)
 * reports to the operator's progress endpoint, and the VideoJob's status shows frames written and a
 * percent between the first and the last frame — under the production rate limit (steps of 10
 * points, at most every 5 s), so the extraction is made to last well beyond 5 s: every frame of a
 * noisy video as PNG.
 */
class LiveProgressIT {

  /**
   * 40 s of 640x480 noise at 10 fps: 400 PNG frames of ~0.9 MB. Frames reach the ZIP a segment at a
   * time (the dense plan's 4 runs, 2 at once), so the first are written about half-way through, and
   * a status is recorded at most every 5 s: the extraction must last well over 10 s. 20 s of video
   * (~8 s of extraction once the skim and probe got faster) gave a mid-run record at 41 % before
   * any frame was written, then only the final one.
   */
  static final int SECONDS = 40;

  @TempDir static Path temp;
  static MockKubernetes kubernetes;
  static KubernetesClient client;
  static InProcessS3 s3;
  static TestKubelet kubelet;
  static VideoJobOperator operator;
  static final List<VideoStatusEvent> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startEverything() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    kubelet = TestKubelet.forS3(client, s3, temp.resolve("kubelet")).start();
    operator =
        OperatorFixture.start(
            client, OperatorFixture.properties(2), OperatorFixture.s3(s3), published::add);
  }

  @AfterAll
  static void stopEverything() {
    operator.stop();
    kubelet.close();
    s3.close();
    kubernetes.close();
  }

  /** What one look at the VideoJob (and then its Job) showed. */
  record Seen(Phase phase, Integer percent, Integer framesWritten, boolean jobFinished) {}

  @Test
  void framesWrittenAndPercentShowMidRunAndNeverGoBack() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.noisyMp4(SECONDS));
    VideoJobSpec defaults = VideoJobFixtures.spec(videoId);
    VideoJobSpec spec =
        new VideoJobSpec(
            defaults.videoId(),
            defaults.owner(),
            defaults.source(),
            defaults.output(),
            ExtractionOptions.builder().fps(10.0).format(ImageFormat.PNG).build(),
            null,
            null,
            null);
    client.resource(VideoJobFixtures.videoJob(videoId, spec)).create();

    // every distinct state seen, polled until the outcome is published (no sleep-then-assert)
    List<Seen> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              VideoJob v =
                  client.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId)).get();
              if (v == null || v.getStatus() == null) {
                return false;
              }
              // the Job is read after the VideoJob: not finished now means not finished then
              Job job = client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get();
              boolean jobFinished =
                  job != null
                      && job.getStatus() != null
                      && job.getStatus().getConditions() != null
                      && !job.getStatus().getConditions().isEmpty();
              var status = v.getStatus();
              Seen now =
                  new Seen(
                      status.getPhase(),
                      status.getProgressPercent(),
                      status.getFramesWritten(),
                      jobFinished);
              if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
              }
              return status.getPhase() == Phase.Succeeded && status.getPublishedEventId() != null;
            });

    System.out.println("LiveProgressIT: states seen " + seen);
    VideoJob done =
        client.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId)).get();
    int frames = done.getStatus().getResult().frames();
    assertThat(frames)
        .as("every frame of %d s at 10 fps", SECONDS)
        .isBetween(SECONDS * 10 - 10, SECONDS * 10 + 10);
    assertThat(done.getStatus().getFramesWritten()).isEqualTo(frames);
    assertThat(seen)
        .as("a status recorded while the Job was still running, between the first and last frame")
        .anySatisfy(
            s -> {
              assertThat(s.phase()).isEqualTo(Phase.Running);
              assertThat(s.jobFinished()).isFalse();
              assertThat(s.framesWritten()).isStrictlyBetween(0, frames);
              assertThat(s.percent()).isStrictlyBetween(0, 100);
            });
    for (int i = 1; i < seen.size(); i++) {
      Seen before = seen.get(i - 1);
      Seen after = seen.get(i);
      if (before.framesWritten() != null) {
        assertThat(after.framesWritten()).as("frames never go back: %s", seen).isNotNull();
        assertThat(after.framesWritten())
            .as("frames never go back: %s", seen)
            .isGreaterThanOrEqualTo(before.framesWritten());
      }
      if (before.percent() != null) {
        assertThat(after.percent()).as("percent never goes back: %s", seen).isNotNull();
        assertThat(after.percent())
            .as("percent never goes back: %s", seen)
            .isGreaterThanOrEqualTo(before.percent());
      }
    }

    // the same mid-run values went out as PROCESSING events, in order, never backwards
    List<VideoStatusEvent> processing =
        published.stream()
            .filter(e -> e.videoId().equals(videoId))
            .filter(e -> e.status() == VideoStatusEvent.Status.PROCESSING)
            .toList();
    assertThat(processing)
        .anySatisfy(e -> assertThat(e.framesWritten()).isStrictlyBetween(0, frames));
    for (int i = 1; i < processing.size(); i++) {
      assertThat(processing.get(i).progressPercent())
          .isGreaterThan(processing.get(i - 1).progressPercent());
    }
  }
}
