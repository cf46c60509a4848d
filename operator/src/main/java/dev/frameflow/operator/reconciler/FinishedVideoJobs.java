package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.scheduling.RecentRunTimes;
import dev.frameflow.operator.podapi.ProgressBoard;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;

/**
 * The last step of a pass that leaves the VideoJob in a final phase: its live progress is
 * forgotten, its outcome handed to the sender ({@link OutcomePublication}) until the broker
 * confirms it, and once it is published and its retention ({@link Retention}) has passed, the
 * VideoJob is deleted.
 */
final class FinishedVideoJobs {

  /** Looked at again this soon when the TTL has passed but the pass still has a status to write. */
  static final Duration DELETE_RECHECK = Duration.ofSeconds(1);

  private final OutcomePublication outcomes;
  private final Retention retention;
  private final ProgressBoard progress;
  private final VideoJobMetrics metrics;
  private final VideoJobEventSources sources;
  private final RecentRunTimes runTimes;

  FinishedVideoJobs(
      OutcomePublication outcomes,
      Retention retention,
      ProgressBoard progress,
      VideoJobMetrics metrics,
      VideoJobEventSources sources,
      RecentRunTimes runTimes) {
    this.outcomes = outcomes;
    this.retention = retention;
    this.progress = progress;
    this.metrics = metrics;
    this.sources = sources;
    this.runTimes = runTimes;
  }

  /** Publishes the outcome, then deletes the VideoJob when its time has come. */
  StepResult publishAndRetain(StatusRecorder.Pass pass, KubernetesClient client) {
    if (!pass.isFinal()) {
      return StepResult.proceed();
    }
    VideoJob videoJob = pass.videoJob();
    VideoJobStatus status = pass.status();
    progress.forget(videoJob.getMetadata().getUid());
    Duration next = null;
    if (status.getPublishedEventId() == null && !publish(videoJob)) {
      next = outcomes.recheck();
    }
    if (status.getPublishedEventId() == null) {
      return new StepResult.Proceed(next);
    }
    Duration left = retention.timeLeft(videoJob, pass.now());
    if (left.isZero() && !pass.changed()) {
      retention.delete(videoJob, client);
      return new StepResult.EndPass(null);
    }
    return new StepResult.Proceed(StepResult.earliest(next, left.isZero() ? DELETE_RECHECK : left));
  }

  /** Whether the outcome is confirmed; the confirm of one being sent triggers a new pass. */
  private boolean publish(VideoJob videoJob) {
    ResourceID id = ResourceID.fromResource(videoJob);
    return outcomes.publish(
        videoJob,
        () -> {
          metrics.outcomePublished(videoJob, Instant.now());
          recordRunTime(videoJob.getStatus());
          sources.trigger(id);
        });
  }

  /** A finished run's time feeds the waiting VideoJobs' estimated start. */
  private void recordRunTime(VideoJobStatus status) {
    if (status.getStartTime() == null || status.getCompletionTime() == null) {
      return;
    }
    try {
      runTimes.record(
          Duration.between(
              Instant.parse(status.getStartTime()), Instant.parse(status.getCompletionTime())));
    } catch (java.time.format.DateTimeParseException e) {
      // not ours to judge here: the estimate just goes without this run
    }
  }
}
