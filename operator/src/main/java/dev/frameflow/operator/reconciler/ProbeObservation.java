package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Collection;

/**
 * What the probe Job says, read like an extraction Job ({@link JobObservation}): still running, the
 * duration from its termination message, or a failure with the extractor's reason.
 */
sealed interface ProbeObservation {

  /** Not finished, or finished without its pod's result visible yet (within the grace). */
  record Waiting(String message) implements ProbeObservation {}

  /** The duration it measured; 0 when the video gives none (it then runs as one pod). */
  record Measured(double durationSeconds) implements ProbeObservation {}

  /** Bad input (the extraction would fail the same way), or out of retries or time. */
  record Failed(String reason, String message) implements ProbeObservation {}

  static ProbeObservation of(Job probe, Collection<Pod> pods, Instant now) {
    JobObservation seen = JobObservation.of(probe, pods);
    if (seen.phase() == Phase.Failed) {
      return new Failed(seen.failureReason(), "probing the source: " + seen.message());
    }
    if (seen.phase() != Phase.Succeeded) {
      return new Waiting("probing the source (Job " + probe.getMetadata().getName() + ")");
    }
    if (seen.result() != null) {
      Double duration = seen.result().videoDurationSeconds();
      return new Measured(duration == null || !(duration > 0) ? 0 : duration);
    }
    // succeeded, but the pod's termination message is not in the cache yet; past the grace (the
    // pod is gone) the duration stays unknown: the video runs as one pod
    boolean withinGrace;
    try {
      withinGrace =
          seen.completionTime() == null
              || Instant.parse(seen.completionTime()).plus(JobFollower.RESULT_GRACE).isAfter(now);
    } catch (java.time.format.DateTimeParseException e) {
      withinGrace = false;
    }
    return withinGrace
        ? new Waiting("the probe completed; waiting for its result")
        : new Measured(0);
  }
}
