package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Records in a VideoJob's status what its Job and the Job's pods show ({@link JobObservation}):
 * phase, attempts, times, result, the {@code Failed} condition with its reason, and a spec edited
 * after the Job was built ({@code SpecChangeIgnored}: a Job's template is immutable).
 */
final class JobFollower {

  static final Duration RESULT_GRACE = Duration.ofSeconds(30);

  private final KubernetesEvents events;

  JobFollower(KubernetesEvents events) {
    this.events = events;
  }

  /**
   * Records what the Job and its pods show. Returns false while a succeeded Job's result is not
   * visible yet: the Job and the Pod arrive through separate watches, so the Job's completion can
   * be seen before the pod's termination message (after a restart, or while the pod cache catches
   * up). The outcome is then held back for a short grace period rather than recorded and published
   * without its frame count; past it (the pod is gone) it is recorded as it is.
   */
  boolean follow(VideoJob videoJob, Job job, Set<Pod> pods) {
    VideoJobStatus status = videoJob.getStatus();
    JobObservation seen = JobObservation.of(job, pods);
    status.setJobName(job.getMetadata().getName());
    if (seen.phase() == Phase.Succeeded && seen.result() == null && withinResultGrace(seen)) {
      status.setMessage("the Job completed; waiting for its pod's result");
      return false;
    }
    status.setPhase(seen.phase());
    status.setAttempts(seen.attempts());
    status.setStartTime(seen.startTime());
    status.setMessage(seen.message());
    if (seen.phase() == Phase.Succeeded) {
      status.setResult(seen.result());
      if (seen.result() != null && seen.result().frames() != null) {
        status.setFramesWritten(seen.result().frames()); // the Frames column, final
      }
    }
    if (seen.phase().isFinal()) {
      status.setCompletionTime(
          seen.completionTime() != null ? seen.completionTime() : Instant.now().toString());
    }
    if (seen.phase() == Phase.Failed) {
      StatusConditions.set(
          status.getConditions(),
          StatusConditions.FAILED,
          true,
          seen.failureReason(),
          seen.message(),
          videoJob.getMetadata().getGeneration());
    }
    noteSpecChange(videoJob, job);
    return true;
  }

  private static boolean withinResultGrace(JobObservation seen) {
    if (seen.completionTime() == null) {
      return true;
    }
    try {
      return Instant.parse(seen.completionTime()).plus(RESULT_GRACE).isAfter(Instant.now());
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private void noteSpecChange(VideoJob videoJob, Job job) {
    VideoJobStatus status = videoJob.getStatus();
    String builtFrom =
        job.getMetadata().getAnnotations() == null
            ? null
            : job.getMetadata().getAnnotations().get(MetadataKeys.SPEC_GENERATION);
    Long generation = videoJob.getMetadata().getGeneration();
    if (builtFrom != null && generation != null && !builtFrom.equals(generation.toString())) {
      if (status.getConditions().stream()
          .noneMatch(c -> StatusConditions.SPEC_CHANGE_IGNORED.equals(c.getType()))) {
        events.warning(
            videoJob,
            "SpecChangeIgnored",
            "spec changed after Job " + job.getMetadata().getName() + " started; not applied");
      }
      StatusConditions.set(
          status.getConditions(),
          StatusConditions.SPEC_CHANGE_IGNORED,
          true,
          "JobAlreadyStarted",
          "the Job was built from generation "
              + builtFrom
              + "; a running Job cannot be changed: delete and recreate the VideoJob to apply",
          generation);
    }
  }
}
