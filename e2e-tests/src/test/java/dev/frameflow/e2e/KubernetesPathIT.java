package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.decodableFrames;
import static dev.frameflow.e2e.support.FrameflowApi.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.KubernetesChain;
import dev.frameflow.e2e.support.Mail;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One video through the whole production chain: HTTP upload → outbox → RabbitMQ → bridge → VideoJob
 * → Job → (test kubelet) extractor → ZIP in S3 → VideoJob Succeeded → video.status → database →
 * email → download through the API.
 */
class KubernetesPathIT {

  static KubernetesChain chain;
  static FrameflowApi api;
  @TempDir static Path media;

  @BeforeAll
  static void startTheChain() {
    chain = KubernetesChain.get();
    api = chain.api();
  }

  @Test
  void anUploadedVideoEndsAsAZipOfDecodableFramesWithOneEmail() throws Exception {
    String email = "ada-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);

    String id = api.uploadVideo(token, Media.video(media, 4), Map.of("fps", "2"));
    // what a client polling the API sees, in order: QUEUED → PROCESSING (with a percent) → ...
    List<String> seen = new java.util.ArrayList<>();
    String done = null;
    long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < until) {
      String body = api.video(token, id).body();
      String status = field(body, "status");
      String shown =
          "PROCESSING".equals(status) ? status + " " + field(body, "progressPercent") : status;
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(shown)) {
        seen.add(shown);
      }
      if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
        done = body;
        break;
      }
      Thread.sleep(20);
    }
    assertThat(done).as("finished within 2 minutes; seen %s", seen).isNotNull();
    assertThat(seen.get(0)).isIn("QUEUED", "PROCESSING 0");
    assertThat(seen)
        .as("PROCESSING with a percent before the outcome")
        .anySatisfy(s -> assertThat(s).matches("PROCESSING \\d+"));
    assertThat(seen.get(seen.size() - 1)).isEqualTo("SUCCEEDED");

    assertThat(field(done, "status")).isEqualTo("SUCCEEDED");
    assertThat(field(done, "frames")).isEqualTo("8");

    VideoJob videoJob = videoJob(id);
    assertThat(videoJob.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(videoJob.getStatus().getResult().frames()).isEqualTo(8);
    assertThat(videoJob.getSpec().videoId()).isEqualTo(id);
    Job job =
        chain
            .kubernetes()
            .client()
            .batch()
            .v1()
            .jobs()
            .withName(videoJob.getStatus().getJobName())
            .get();
    assertThat(job).isNotNull();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(KubernetesChain.EXTRACTOR_IMAGE);

    api.awaitNotificationsSent(token, 1);
    List<Mail.Received> mails = Mail.exactly(chain.mail(), email, 1);
    assertThat(mails.get(0).subject()).contains("ready");
    assertThat(mails.get(0).text()).contains("/api/videos/" + id + "/download");

    List<String> frames = decodableFrames(api.downloadZip(token, id));
    assertThat(frames).hasSize(8).allMatch(name -> name.endsWith(".jpg"));
  }

  @Test
  void anMpegTsUploadEndsAsAZipOfFrames() throws Exception {
    String token = api.registerAndLogin("grace-" + UUID.randomUUID() + "@example.org");

    String id = api.uploadVideo(token, Media.tsVideo(media, 4), Map.of("fps", "2"));
    String done = api.awaitFinished(token, id, Duration.ofMinutes(2));

    assertThat(field(done, "status")).as(done).isEqualTo("SUCCEEDED");
    assertThat(field(done, "frames")).isEqualTo("8");
  }

  @Test
  void aCorruptUploadEndsFailedWithItsReasonInTheApiAndInTheEmail() throws Exception {
    String email = "alan-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);

    String id = api.uploadVideo(token, Media.truncatedVideo(media), Map.of());
    String done = api.awaitFinished(token, id, Duration.ofMinutes(2));

    assertThat(field(done, "status")).isEqualTo("FAILED");
    String reason = field(done, "failureReason");
    // one of the fixed reasons, never a path, URL or library message
    assertThat(reason).isEqualTo("not a video: the file could not be read as a video");

    VideoJob videoJob = videoJob(id);
    assertThat(videoJob.getStatus().getPhase()).isEqualTo(Phase.Failed);
    // bad input is permanent: the pod failure policy fails the Job on the first attempt
    assertThat(
            chain
                .kubernetes()
                .client()
                .pods()
                .withLabel(MetadataKeys.JOB_NAME, videoJob.getStatus().getJobName())
                .list()
                .getItems())
        .hasSize(1);

    api.awaitNotificationsSent(token, 1);
    List<Mail.Received> mails = Mail.exactly(chain.mail(), email, 1);
    assertThat(mails.get(0).text()).contains("could not extract frames").contains(reason);
  }

  @Test
  void aVideoJobDeletedByHandEndsItsVideoFailed() throws Exception {
    String email = "grace-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    String id;
    chain
        .kubelet()
        .beforeEachContainer(
            (job, attempt) -> release.await(30, java.util.concurrent.TimeUnit.SECONDS));
    try {
      id = api.uploadVideo(token, Media.video(media, 2), Map.of());
      String videoId = id;
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> videoJob(videoId) != null);
      chain
          .kubernetes()
          .client()
          .resources(VideoJob.class)
          .withName(VideoJobNames.videoJob(UUID.fromString(id)))
          .delete();
    } finally {
      release.countDown();
      chain.kubelet().beforeEachContainer((job, attempt) -> {});
    }
    String done = api.awaitFinished(token, id, Duration.ofMinutes(1));
    assertThat(field(done, "status")).isEqualTo("FAILED");
    assertThat(field(done, "failureReason"))
        .isEqualTo("the extraction was stopped before it finished");
    assertThat(field(done, "failureCode")).isEqualTo("stopped");
  }

  @Test
  void anUploadTheApiServerRefusesAsVideoJobIsDeadLetteredAndEndsFailed() throws Exception {
    String token = api.registerAndLogin("ida-" + UUID.randomUUID() + "@example.org");
    // the bridge's create is refused as invalid (say an admission policy): no retry can fix it
    chain
        .kubernetes()
        .server()
        .expect()
        .post()
        .withPath(
            "/apis/frameflow.dev/v1alpha1/namespaces/"
                + chain.kubernetes().namespace()
                + "/videojobs")
        .andReturn(
            422,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("denied by policy: uploads-too-large")
                .build())
        .once();

    String id = api.uploadVideo(token, Media.video(media, 1), Map.of());
    String done = api.awaitFinished(token, id, Duration.ofMinutes(1));

    assertThat(field(done, "status")).isEqualTo("FAILED");
    // the API server's answer is for the operator's log; the owner reads the catalogue
    assertThat(field(done, "failureReason")).isEqualTo("the extraction could not be started");
    assertThat(field(done, "failureCode")).isEqualTo("not-started");
    assertThat(videoJob(id)).isNull();
  }

  @Test
  void aJobTheApiServerRefusesEndsTheVideoFailedWithTheReason() throws Exception {
    String token = api.registerAndLogin("joan-" + UUID.randomUUID() + "@example.org");
    chain
        .kubernetes()
        .server()
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/" + chain.kubernetes().namespace() + "/jobs")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("exceeded quota: frameflow-jobs, requested: count/jobs.batch=1")
                .build())
        .once();

    String id = api.uploadVideo(token, Media.video(media, 1), Map.of());
    String done = api.awaitFinished(token, id, Duration.ofMinutes(1));

    assertThat(field(done, "status")).isEqualTo("FAILED");
    // the quota is in the VideoJob's message, for operators; the owner reads the catalogue
    assertThat(field(done, "failureReason")).isEqualTo("the extraction failed on our side");
    assertThat(field(done, "failureCode")).isEqualTo("internal");
    assertThat(videoJob(id).getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("JobRefused"));
  }

  static VideoJob videoJob(String videoId) {
    return chain
        .kubernetes()
        .client()
        .resources(VideoJob.class)
        .withName(VideoJobNames.videoJob(UUID.fromString(videoId)))
        .get();
  }
}
