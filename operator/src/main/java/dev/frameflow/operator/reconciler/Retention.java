package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a finished VideoJob stays: {@code spec.ttlSecondsAfterFinished}, else the operator's
 * default, counted from its completion; then it is deleted (the video row in PostgreSQL stays the
 * user's record).
 */
final class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final Duration defaultTtl;
  private final VideoJobEventSources sources;

  Retention(Duration defaultTtl, VideoJobEventSources sources) {
    this.defaultTtl = defaultTtl;
    this.sources = sources;
  }

  /**
   * Finished, outcome published, status up to date with the spec: nothing left to do but wait for
   * the TTL. The operator does not reconcile such a VideoJob when it first sees it (a restart with
   * many kept VideoJobs would queue them all ahead of the new ones); {@link #sweep} deletes it when
   * its time comes.
   */
  static boolean isSettled(VideoJob videoJob) {
    VideoJobStatus status = videoJob.getStatus();
    return status != null
        && status.getPhase() != null
        && status.getPhase().isFinal()
        && status.getPublishedEventId() != null
        && Objects.equals(status.getObservedGeneration(), videoJob.getMetadata().getGeneration());
  }

  /**
   * A settled VideoJob: deleted when its time has come, else looked at again then; decided without
   * serialising the status (after a restart, every kept VideoJob passes here once).
   */
  UpdateControl<VideoJob> deleteOrWait(VideoJob videoJob, KubernetesClient client) {
    Duration left = timeLeft(videoJob, Instant.now());
    if (left.isZero()) {
      delete(videoJob, client);
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<VideoJob>noUpdate().rescheduleAfter(left);
  }

  /**
   * Deletes the settled VideoJobs whose TTL has passed, from the cache's index of final phases:
   * those this process never reconciled (settled before it started) are only ever seen here.
   * Returns how many it deleted.
   */
  int sweep(KubernetesClient client) {
    if (!sources.ready()) {
      return 0;
    }
    Instant now = Instant.now();
    int deleted = 0;
    for (VideoJob videoJob : sources.finished()) {
      if (isSettled(videoJob) && timeLeft(videoJob, now).isZero()) {
        delete(videoJob, client);
        deleted++;
      }
    }
    return deleted;
  }

  /** How long the finished VideoJob stays; zero: its time has come. */
  Duration timeLeft(VideoJob videoJob, Instant now) {
    Long ttl = videoJob.getSpec().ttlSecondsAfterFinished();
    Duration keep = ttl != null ? Duration.ofSeconds(ttl) : defaultTtl;
    String completed = videoJob.getStatus().getCompletionTime();
    Instant since;
    try {
      since = completed == null ? now : Instant.parse(completed);
    } catch (DateTimeParseException e) {
      since = now;
    }
    Duration left = Duration.between(now, since.plus(keep));
    return left.isNegative() ? Duration.ZERO : left;
  }

  void delete(VideoJob videoJob, KubernetesClient client) {
    client
        .resources(VideoJob.class)
        .inNamespace(videoJob.getMetadata().getNamespace())
        .withName(videoJob.getMetadata().getName())
        .delete();
    log.info(
        "deleted finished VideoJob {}/{} after its TTL",
        videoJob.getMetadata().getNamespace(),
        videoJob.getMetadata().getName());
  }
}
