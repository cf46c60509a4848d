package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.videojob.Phase;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a Job and its pods the way {@code kubectl describe} would. */
class JobObservationTest {

  @Test
  void aCompleteJobSucceededWithTheResultFromTheTerminationMessage() {
    Job job = job(null, 0, 1, 0, "Complete", "CompletionsReached");
    Pod pod =
        terminated(
            "p1",
            0,
            "Completed",
            "{\"status\":\"succeeded\",\"exitCode\":0,\"frames\":12,"
                + "\"output\":\"s3://results/videos/1/frames.zip\",\"bytes\":3456,"
                + "\"videoDurationSeconds\":6.0,\"elapsedMillis\":800,\"reason\":null}");

    JobObservation seen = JobObservation.of(job, List.of(pod));

    assertThat(seen.phase()).isEqualTo(Phase.Succeeded);
    assertThat(seen.attempts()).isEqualTo(1);
    assertThat(seen.result().frames()).isEqualTo(12);
    assertThat(seen.result().bytes()).isEqualTo(3456L);
    assertThat(seen.result().output().bucket()).isEqualTo("results");
    assertThat(seen.result().output().key()).isEqualTo("videos/1/frames.zip");
    assertThat(seen.message()).isEqualTo("extracted 12 frames");
  }

  @Test
  void anOutOfMemoryKillIsNamedWithAdviceToRaiseTheLimit() {
    Job job = job(2, 0, 0, 3, "Failed", "BackoffLimitExceeded");
    Pod pod = terminated("p3", 137, "OOMKilled", null);

    JobObservation seen = JobObservation.of(job, List.of(pod));

    assertThat(seen.phase()).isEqualTo(Phase.Failed);
    assertThat(seen.failureReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(seen.message())
        .isEqualTo(
            "failed 3 times, last: out of memory (OOMKilled): raise spec.resources.limits.memory");
  }

  @Test
  void aTransientExitCarriesTheExtractorsReasonAndCode() {
    Job job = job(0, 0, 0, 1, "Failed", "BackoffLimitExceeded");
    Pod pod =
        terminated(
            "p1",
            1,
            "Error",
            "{\"status\":\"failed\",\"exitCode\":1,\"reason\":\"S3 unreachable\"}");

    assertThat(JobObservation.of(job, List.of(pod)).message())
        .isEqualTo("failed 1 time, last: S3 unreachable (exit code 1)");
  }

  @Test
  void anImagePullErrorIsSurfacedWhileTheJobWaits() {
    Job job = job(2, 1, 0, 0, null, null);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p1")
            .withCreationTimestamp("2026-11-28T09:00:00Z")
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("extractor")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"frame-extractor:nope\"")
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();

    JobObservation seen = JobObservation.of(job, List.of(pod));

    assertThat(seen.phase()).isEqualTo(Phase.Pending);
    assertThat(seen.message())
        .isEqualTo("ImagePullBackOff: Back-off pulling image \"frame-extractor:nope\"");
  }

  @Test
  void aJobWithoutPodsYetIsPending() {
    JobObservation seen = JobObservation.of(job(2, 0, 0, 0, null, null), List.of());
    assertThat(seen.phase()).isEqualTo(Phase.Pending);
    assertThat(seen.attempts()).isZero();
  }

  private static Job job(
      Integer backoffLimit,
      int active,
      int succeeded,
      int failed,
      String condition,
      String reason) {
    var builder =
        new JobBuilder()
            .withNewMetadata()
            .withName("extract-1")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(backoffLimit)
            .withActiveDeadlineSeconds(60L)
            .endSpec()
            .withNewStatus()
            .withActive(active)
            .withSucceeded(succeeded)
            .withFailed(failed)
            .withStartTime("2026-11-28T09:00:00Z");
    if (condition != null) {
      builder
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(reason)
          .withLastTransitionTime("2026-11-28T09:01:00Z")
          .endCondition();
    }
    return builder.endStatus().build();
  }

  private static Pod terminated(String name, int exitCode, String reason, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withCreationTimestamp("2026-11-28T09:00:00Z")
        .endMetadata()
        .withNewStatus()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("extractor")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }
}
