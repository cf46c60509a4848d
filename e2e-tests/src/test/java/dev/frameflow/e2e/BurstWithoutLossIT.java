package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.KubernetesChain;
import dev.frameflow.e2e.support.Mail;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of 100 uploads while the broker drops every connection twice and the operator is stopped
 * and started again: every video succeeds once, with one VideoJob, one Job and one email.
 */
class BurstWithoutLossIT {

  static final int VIDEOS = 100;

  @TempDir static Path media;

  @Test
  void aHundredUploadsSurviveBrokerFaultsAndAnOperatorRestart() throws Exception {
    KubernetesChain chain = KubernetesChain.get();
    FrameflowApi api = chain.api();
    String email = "burst-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);
    Path video = Media.video(media, 1);

    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<String>> uploads = new ArrayList<>();
    for (int i = 0; i < VIDEOS; i++) {
      uploads.add(clients.submit(() -> api.uploadVideo(token, video, Map.of("fps", "1"))));
    }
    // first fault while the uploads and the outbox relay are busy
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> uploads.stream().filter(Future::isDone).count() >= 30);
    KubernetesChain.closeAllBrokerConnections();
    List<String> ids = new ArrayList<>();
    for (Future<String> upload : uploads) {
      ids.add(upload.get());
    }
    clients.shutdown();
    assertThat(Set.copyOf(ids)).hasSize(VIDEOS);

    // then, with Jobs running and outcomes being published: the operator goes away and comes back,
    // and the broker drops every connection again in between
    await().atMost(Duration.ofMinutes(2)).until(() -> Mail.to(chain.mail(), email).size() >= 20);
    chain.stopOperator();
    KubernetesChain.closeAllBrokerConnections();
    chain.startOperator();

    for (String id : ids) {
      String done = api.awaitFinished(token, id, Duration.ofMinutes(4));
      assertThat(field(done, "status")).as("video %s: %s", id, done).isEqualTo("SUCCEEDED");
      assertThat(field(done, "frames"))
          .as("video %s: %s; its VideoJob: %s", id, done, describeVideoJob(chain, id))
          .isEqualTo("1");
    }

    List<VideoJob> videoJobs =
        chain.kubernetes().client().resources(VideoJob.class).list().getItems().stream()
            .filter(vj -> ids.contains(vj.getSpec().videoId()))
            .toList();
    assertThat(videoJobs)
        .hasSize(VIDEOS)
        .allMatch(vj -> vj.getStatus().getPhase() == Phase.Succeeded);

    Set<String> expectedJobs =
        ids.stream().map(id -> VideoJobNames.job(UUID.fromString(id))).collect(Collectors.toSet());
    List<Job> jobs =
        chain.kubernetes().client().batch().v1().jobs().list().getItems().stream()
            .filter(job -> expectedJobs.contains(job.getMetadata().getName()))
            .toList();
    assertThat(jobs).hasSize(VIDEOS);

    api.awaitNotificationsSent(token, VIDEOS);
    List<Mail.Received> mails = Mail.exactly(chain.mail(), email, VIDEOS);
    for (String id : ids) {
      assertThat(mails.stream().filter(m -> m.text().contains("/api/videos/" + id + "/download")))
          .as("emails about video %s", id)
          .hasSize(1);
    }
  }

  static String describeVideoJob(KubernetesChain chain, String videoId) {
    VideoJob videoJob =
        chain
            .kubernetes()
            .client()
            .resources(VideoJob.class)
            .withName(VideoJobNames.videoJob(UUID.fromString(videoId)))
            .get();
    return videoJob == null ? "none" : Serialization.asYaml(videoJob.getStatus());
  }
}
