package dev.frameflow.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.operator.config.KueueProperties;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.VideoJobFixtures;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a built Job is handed to Kueue, and what stays as the builder made it. */
class JobAdmissionTest {

  private final ExtractionJobBuilder builder =
      new ExtractionJobBuilder(OperatorProperties.defaults(OperatorFixture.TEST_IMAGE));

  @Test
  void forKueueAJobIsSuspendedAndLabelledWithItsLocalQueueAndOtherwiseAsBuilt() {
    Job built = builder.build(VideoJobFixtures.videoJob(UUID.randomUUID()));
    Job asBuilt = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(built).build();

    Job prepared = JobAdmission.kueue("videos").prepare(built);

    assertThat(prepared.getSpec().getSuspend()).isTrue();
    assertThat(JobAdmission.suspended(prepared)).isTrue();
    assertThat(prepared.getMetadata().getLabels())
        .containsEntry(JobAdmission.QUEUE_NAME_LABEL, "videos")
        .containsAllEntriesOf(asBuilt.getMetadata().getLabels());
    assertThat(JobAdmission.queueOf(prepared)).contains("videos");
    assertThat(prepared.getSpec().getTemplate()).isEqualTo(asBuilt.getSpec().getTemplate());
  }

  @Test
  void builtInAdmissionLeavesTheJobAsBuilt() {
    Job built = builder.build(VideoJobFixtures.videoJob(UUID.randomUUID()));
    Job asBuilt = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(built).build();

    Job prepared = JobAdmission.BUILT_IN.prepare(built);

    assertThat(prepared).isEqualTo(asBuilt);
    assertThat(JobAdmission.suspended(prepared)).isFalse();
    assertThat(JobAdmission.queueOf(prepared)).isEmpty();
  }

  @Test
  void aQueueNameThatCannotBeALabelValueFailsTheStart() {
    assertThatThrownBy(() -> new KueueProperties(true, "Videos_Queue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DNS-1123 label");
    assertThatThrownBy(() -> new KueueProperties(true, "q".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new KueueProperties(false, "Not_Used").admission()).isEqualTo(JobAdmission.BUILT_IN);
    assertThat(new KueueProperties(true, "frameflow").admission().kueueQueue())
        .isEqualTo("frameflow");
  }
}
