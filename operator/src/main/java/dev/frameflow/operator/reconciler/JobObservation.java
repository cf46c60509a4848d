package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJobResult;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Job and its pods say about the extraction, the way {@code kubectl describe} would read
 * them: the phase, how many pods were started, the result from the termination message, and a
 * one-line reason when it failed or is stuck.
 *
 * @param failureReason a CamelCase reason for the Failed condition (only when failed)
 */
record JobObservation(
    Phase phase,
    int attempts,
    String startTime,
    String completionTime,
    VideoJobResult result,
    String message,
    String failureReason) {

  /** Waiting reasons that leave a pod stuck until someone fixes the image or the config. */
  private static final Set<String> STUCK =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError");

  static JobObservation of(Job job, Collection<Pod> pods) {
    JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
    int attempts =
        count(status.getSucceeded()) + count(status.getFailed()) + count(status.getActive());
    List<Pod> newestFirst =
        pods.stream()
            .sorted(
                Comparator.comparing(
                        (Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                    .thenComparing(p -> p.getMetadata().getName())
                    .reversed())
            .toList();
    attempts = Math.max(attempts, newestFirst.size());

    if (isTrue(status, "Complete")) {
      VideoJobResult result =
          newestFirst.stream()
              .map(JobObservation::terminated)
              .flatMap(Optional::stream)
              .filter(t -> t.getExitCode() != null && t.getExitCode() == 0)
              .map(t -> TerminationMessage.parse(t.getMessage()))
              .flatMap(Optional::stream)
              .map(TerminationMessage::result)
              .findFirst()
              .orElse(null);
      return new JobObservation(
          Phase.Succeeded,
          attempts,
          status.getStartTime(),
          status.getCompletionTime(),
          result,
          result == null || result.frames() == null
              ? "extraction succeeded"
              : "extracted " + result.frames() + " frames",
          null);
    }
    Optional<JobCondition> failed = condition(status, "Failed");
    if (failed.isPresent()) {
      return failedObservation(failed.get(), status, attempts, newestFirst, job);
    }
    Optional<Pod> newest = newestFirst.stream().findFirst();
    boolean running =
        newest
            .map(p -> "Running".equals(p.getStatus() == null ? null : p.getStatus().getPhase()))
            .orElse(false);
    String message =
        running
            ? "extracting frames (attempt " + attempts + ")"
            : newest.flatMap(JobObservation::stuckReason).orElse("waiting for the extractor pod");
    return new JobObservation(
        running ? Phase.Running : Phase.Pending,
        attempts,
        status.getStartTime(),
        null,
        null,
        message,
        null);
  }

  private static JobObservation failedObservation(
      JobCondition failed, JobStatus status, int attempts, List<Pod> newestFirst, Job job) {
    String jobReason = failed.getReason() == null ? "" : failed.getReason();
    Optional<String> podReason =
        newestFirst.stream().map(JobObservation::podFailure).flatMap(Optional::stream).findFirst();
    String reason;
    String message;
    switch (jobReason) {
      case "PodFailurePolicy" -> {
        reason = "BadInput";
        message = podReason.orElse("the video cannot be processed");
      }
      case "DeadlineExceeded" -> {
        reason = "DeadlineExceeded";
        message =
            "deadline exceeded: still running after "
                + job.getSpec().getActiveDeadlineSeconds()
                + " s";
      }
      case "BackoffLimitExceeded" -> {
        reason = "BackoffLimitExceeded";
        message =
            "failed "
                + attempts
                + (attempts == 1 ? " time" : " times")
                + podReason.map(r -> ", last: " + r).orElse("");
      }
      default -> {
        reason = "JobFailed";
        message =
            podReason.orElse(
                failed.getMessage() != null ? failed.getMessage() : "the extraction Job failed");
      }
    }
    String completion =
        failed.getLastTransitionTime() != null
            ? failed.getLastTransitionTime()
            : status.getCompletionTime();
    return new JobObservation(
        Phase.Failed, attempts, status.getStartTime(), completion, null, message, reason);
  }

  /** Why a pod's extractor container failed, in one line. */
  private static Optional<String> podFailure(Pod pod) {
    return terminated(pod)
        .filter(t -> t.getExitCode() != null && t.getExitCode() != 0)
        .map(
            t -> {
              if ("OOMKilled".equals(t.getReason())) {
                return "out of memory (OOMKilled): raise spec.resources.limits.memory";
              }
              Optional<String> extractorReason =
                  TerminationMessage.parse(t.getMessage()).map(TerminationMessage::reason);
              if (extractorReason.isPresent()) {
                return t.getExitCode() == ExitCodes.BAD_INPUT
                    ? extractorReason.get()
                    : extractorReason.get() + " (exit code " + t.getExitCode() + ")";
              }
              return "exit code "
                  + t.getExitCode()
                  + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
            });
  }

  private static Optional<String> stuckReason(Pod pod) {
    return extractorStatus(pod)
        .map(ContainerStatus::getState)
        .map(s -> s.getWaiting())
        .filter(w -> w.getReason() != null && STUCK.contains(w.getReason()))
        .map(JobObservation::describe);
  }

  private static String describe(ContainerStateWaiting waiting) {
    return waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    return extractorStatus(pod).map(ContainerStatus::getState).map(s -> s.getTerminated());
  }

  private static Optional<ContainerStatus> extractorStatus(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> ExtractionJobBuilder.CONTAINER.equals(c.getName()))
        .filter(c -> c.getState() != null)
        .findFirst();
  }

  static boolean isFinished(Job job) {
    JobStatus status = job.getStatus();
    return status != null && (isTrue(status, "Complete") || isTrue(status, "Failed"));
  }

  private static boolean isTrue(JobStatus status, String type) {
    return condition(status, type).isPresent();
  }

  private static Optional<JobCondition> condition(JobStatus status, String type) {
    if (status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
