package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.decodableFrames;
import static dev.frameflow.e2e.support.FrameflowApi.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.KubernetesChain;
import dev.frameflow.e2e.support.Mail;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.videojob.Phase;
import dev.frameflow.operator.videojob.VideoJob;
import dev.frameflow.operator.videojob.VideoJobNames;
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
    String done = api.awaitFinished(token, id, Duration.ofMinutes(2));

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

    List<Mail.Received> mails = Mail.awaitExactly(chain.mail(), email, 1);
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
                .withLabel(TestKubelet.JOB_NAME_LABEL, videoJob.getStatus().getJobName())
                .list()
                .getItems())
        .hasSize(1);

    List<Mail.Received> mails = Mail.awaitExactly(chain.mail(), email, 1);
    assertThat(mails.get(0).text()).contains("could not extract frames").contains(reason);
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
