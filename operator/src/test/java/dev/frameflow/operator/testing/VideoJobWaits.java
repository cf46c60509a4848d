package dev.frameflow.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.UUID;

/** Waiting for a video's VideoJob as the operators' view shows it. */
public final class VideoJobWaits {

  private VideoJobWaits() {}

  /** The video's VideoJob once its status says Succeeded (within 90 s; fails otherwise). */
  public static VideoJob succeeded(KubernetesClient client, UUID videoId) {
    String name = VideoJobNames.videoJob(videoId);
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> client.resources(VideoJob.class).withName(name).get(),
            v -> v != null && v.getStatus() != null && v.getStatus().getPhase() == Phase.Succeeded);
  }
}
