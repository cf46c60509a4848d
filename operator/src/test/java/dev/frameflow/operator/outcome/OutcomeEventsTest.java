package dev.frameflow.operator.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

/** A failed VideoJob's status message stays with operators; its owner reads a catalogue reason. */
class OutcomeEventsTest {

  @Test
  void theStatusMessageIsForOperatorsAndTheOwnerReadsTheCatalogue() {
    assertThat(
            reason(
                "JobFailed",
                "ImagePullBackOff: Back-off pulling image"
                    + " \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/frameflow/extractor:1.2\""))
        .isEqualTo(FailureReason.INTERNAL.text());
    assertThat(
            reason(
                "JobRefused",
                "Failure executing: POST at: https://10.100.0.1:443/apis/batch/v1/namespaces/"
                    + "frameflow/jobs. Message: exceeded quota: compute-resources"))
        .isEqualTo(FailureReason.INTERNAL.text());
    assertThat(
            reason(
                "BackoffLimitExceeded",
                "failed 3 times, last: the source could not be read" + " (exit code 1)"))
        .isEqualTo(FailureReason.SOURCE_UNREADABLE.text());
    assertThat(reason("BadInput", "not a video: audio only")).isEqualTo("not a video: audio only");
    assertThat(reason("BadInput", "the video cannot be processed"))
        .isEqualTo(FailureReason.UNREADABLE.text());
    assertThat(reason("DeadlineExceeded", "deadline exceeded: still running after 1800 s"))
        .isEqualTo(FailureReason.TIMED_OUT.text());
    assertThat(
            reason(
                "BackoffLimitExceeded",
                "failed 3 times, last: out of memory (OOMKilled): raise"
                    + " spec.resources.limits.memory"))
        .isEqualTo(FailureReason.OUT_OF_MEMORY.text());
    assertThat(reason("InvalidSpec", "spec.output.key must be videos/<id>/frames.zip"))
        .isEqualTo(FailureReason.INVALID_OPTIONS.text());
  }

  private static String reason(String condition, String message) {
    VideoJobStatus status = new VideoJobStatus();
    status.setMessage(message);
    status
        .getConditions()
        .add(
            new ConditionBuilder()
                .withType("Failed")
                .withStatus("True")
                .withReason(condition)
                .withMessage(message)
                .build());
    return OutcomeEvents.userReason(status);
  }
}
