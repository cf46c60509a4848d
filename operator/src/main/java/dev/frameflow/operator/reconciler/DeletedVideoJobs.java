package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.bridge.CancelTombstones;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.podapi.ProgressBoard;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deleted VideoJob gets its Jobs deleted (the extraction Job and the probe), and if its outcome
 * was never published and it was not cancelled, one is: the video must not wait forever.
 */
final class DeletedVideoJobs {

  private static final Logger log = LoggerFactory.getLogger(DeletedVideoJobs.class);

  private final SourceProbing probing;
  private final ProgressBoard progress;
  private final OutcomePublication outcomes;

  DeletedVideoJobs(SourceProbing probing, ProgressBoard progress, OutcomePublication outcomes) {
    this.probing = probing;
    this.progress = progress;
    this.outcomes = outcomes;
  }

  void cleanUp(VideoJob videoJob, KubernetesClient client) {
    deleteJob(videoJob, client);
    probing.delete(videoJob, client);
    progress.forget(videoJob.getMetadata().getUid());
    VideoJobStatus status = videoJob.getStatus();
    if (status != null && status.getPublishedEventId() != null) {
      return;
    }
    if (VideoJobReconciler.jobName(videoJob).isEmpty() || markedCancelled(videoJob)) {
      return; // a cancel: the api-gateway has the video CANCELLED already
    }
    if (cancelTombstoneFor(videoJob, client)) {
      return; // a cancel whose mark the deleted object predates
    }
    // deleted by hand (or cancelled) before its outcome was out: tell the api-gateway, which
    // keeps a cancelled video CANCELLED and fails any other
    boolean finished =
        status != null
            && status.getPhase() != null
            && status.getPhase().isFinal()
            && status.getCompletionTime() != null;
    outcomes.publishWithoutRecord(
        finished
            ? OutcomeEvents.of(videoJob)
            : OutcomeEvents.deletedBeforeFinishing(videoJob, Instant.now()));
  }

  /** Deletes the VideoJob's extraction Job (and, in the background, its pods). */
  static void deleteJob(VideoJob videoJob, KubernetesClient client) {
    VideoJobReconciler.jobName(videoJob)
        .ifPresent(
            name -> {
              client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(videoJob.getMetadata().getNamespace())
                  .withName(name)
                  .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                  .delete();
              log.info(
                  "deleted Job {}/{} of VideoJob {}",
                  videoJob.getMetadata().getNamespace(),
                  name,
                  videoJob.getMetadata().getName());
            });
  }

  private static boolean markedCancelled(VideoJob videoJob) {
    Map<String, String> annotations = videoJob.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(MetadataKeys.CANCELLED));
  }

  private static boolean cancelTombstoneFor(VideoJob videoJob, KubernetesClient client) {
    try {
      return CancelTombstones.recorded(
          client,
          videoJob.getMetadata().getNamespace(),
          UUID.fromString(videoJob.getSpec().videoId()));
    } catch (RuntimeException e) {
      // cannot tell: publish FAILED, which the api-gateway ignores for a CANCELLED video
      return false;
    }
  }
}
