package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the operator makes of its probe Job. */
class ProbeObservationTest {

  static final Instant COMPLETED = Instant.parse("2026-11-28T09:01:00Z");

  @Test
  void aCompletedProbeGivesTheDurationFromItsTerminationMessage() {
    ProbeObservation seen =
        ProbeObservation.of(
            job("Complete", null),
            List.of(pod(0, result("succeeded", 0, 1834.5, null))),
            COMPLETED);
    assertThat(seen).isEqualTo(new ProbeObservation.Measured(1834.5));
  }

  @Test
  void aProbeWithoutADurationMeasuresZeroSoTheVideoRunsAsOnePod() {
    ProbeObservation seen =
        ProbeObservation.of(
            job("Complete", null), List.of(pod(0, result("succeeded", 0, null, null))), COMPLETED);
    assertThat(seen).isEqualTo(new ProbeObservation.Measured(0));
  }

  @Test
  void badInputFailsWithTheExtractorsReason() {
    ProbeObservation seen =
        ProbeObservation.of(
            job("Failed", "PodFailurePolicy"),
            List.of(pod(2, result("failed", 2, null, "not a video: a still image"))),
            COMPLETED);
    assertThat(seen)
        .isEqualTo(
            new ProbeObservation.Failed(
                "BadInput", "probing the source: not a video: a still image"));
  }

  @Test
  void aRunningProbeOrAResultNotYetSeenIsWaitedFor() {
    assertThat(ProbeObservation.of(job(null, null), List.of(), COMPLETED))
        .isInstanceOf(ProbeObservation.Waiting.class);
    // complete, its pod's message not in the cache yet: within the grace, wait
    assertThat(ProbeObservation.of(job("Complete", null), List.of(), COMPLETED.plusSeconds(5)))
        .isInstanceOf(ProbeObservation.Waiting.class);
    // past it (the pod is gone): unknown, one pod
    assertThat(ProbeObservation.of(job("Complete", null), List.of(), COMPLETED.plusSeconds(60)))
        .isEqualTo(new ProbeObservation.Measured(0));
  }

  private static String result(String status, int exit, Double duration, String reason) {
    return "{\"status\":\""
        + status
        + "\",\"exitCode\":"
        + exit
        + ",\"frames\":0,\"output\":null,\"bytes\":0,\"videoDurationSeconds\":"
        + duration
        + ",\"elapsedMillis\":900,\"reason\":"
        + (reason == null ? "null" : "\"" + reason + "\"")
        + "}";
  }

  private static Job job(String condition, String reason) {
    var builder =
        new JobBuilder()
            .withNewMetadata()
            .withName("probe-1")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(2)
            .withActiveDeadlineSeconds(600L)
            .endSpec()
            .withNewStatus()
            .withStartTime("2026-11-28T09:00:00Z");
    if (condition != null) {
      builder
          .withCompletionTime("Complete".equals(condition) ? COMPLETED.toString() : null)
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(reason)
          .withLastTransitionTime(COMPLETED.toString())
          .endCondition();
    }
    return builder.endStatus().build();
  }

  private static Pod pod(int exitCode, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("probe-1-abcde")
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
                .withMessage(message)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }
}
