package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.bridge.CancelTombstones;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.podapi.ProgressBoard;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.slicing.VideoObjects;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deleted VideoJob gets its Jobs deleted (the extraction Job and the probe), its upload aborted
 * and its slices' side objects deleted, its ZIP too when it was cancelled ({@link VideoObjects});
 * and if its outcome was never published and it was not cancelled, one is: the video must not wait
 * forever.
 */
final class DeletedVideoJobs {

  private static final Logger log = LoggerFactory.getLogger(DeletedVideoJobs.class);

  private final SourceProbing probing;
  private final ProgressBoard progress;
  private final OutcomePublication outcomes;
  private final JobSlots slots;
  private final VideoObjects objects;

  /**
   * @param objects null when the operator has no S3 client (nothing of the video is touched)
   */
  DeletedVideoJobs(
      SourceProbing probing,
      ProgressBoard progress,
      OutcomePublication outcomes,
      JobSlots slots,
      VideoObjects objects) {
    this.probing = probing;
    this.progress = progress;
    this.outcomes = outcomes;
    this.slots = slots;
    this.objects = objects;
  }

  void cleanUp(VideoJob videoJob, KubernetesClient client) {
    Optional<Job> job = job(videoJob, client);
    deleteJob(videoJob, client);
    VideoJobReconciler.jobName(videoJob).ifPresent(slots::release);
    discardObjects(videoJob, job, client);
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

  /**
   * The upload is aborted and the slices' side objects deleted whatever the outcome (a finished ZIP
   * holds their bytes); the ZIP itself only for a cancel, which the api-gateway asked for because
   * the owner deleted the video: one completed after its own deletion goes now.
   */
  private void discardObjects(VideoJob videoJob, Optional<Job> job, KubernetesClient client) {
    VideoJobStatus status = videoJob.getStatus();
    String uploadId =
        status != null && status.getUploadId() != null
            ? status.getUploadId()
            : job.map(j -> j.getMetadata().getAnnotations())
                .map(a -> a.get(MetadataKeys.UPLOAD_ID))
                .orElse(null);
    int slices =
        Math.max(
            status != null && status.getSlices() != null ? status.getSlices() : 0,
            job.map(SlicedJobs::slicesOf).filter(n -> n > 1).orElse(0));
    boolean cancelled = markedCancelled(videoJob) || cancelTombstoneFor(videoJob, client);
    if (objects == null || (uploadId == null && slices == 0 && !cancelled)) {
      return;
    }
    try {
      objects.discard(videoJob.getSpec().output(), uploadId, slices, cancelled);
    } catch (RuntimeException e) {
      // storage trouble: the bucket's lifecycle rule expires what is left
      log.warn(
          "could not discard the objects of VideoJob {}/{}: {}",
          videoJob.getMetadata().getNamespace(),
          videoJob.getMetadata().getName(),
          e.toString());
    }
  }

  private static Optional<Job> job(VideoJob videoJob, KubernetesClient client) {
    return VideoJobReconciler.jobName(videoJob)
        .flatMap(
            name -> {
              try {
                return Optional.ofNullable(
                    client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(videoJob.getMetadata().getNamespace())
                        .withName(name)
                        .get());
              } catch (RuntimeException e) {
                return Optional.empty();
              }
            });
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
