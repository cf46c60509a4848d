package dev.frameflow.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The probe Job: the extraction Job's pod, measuring the source only. */
class ProbeJobTest {

  static final UUID VIDEO = UUID.fromString("3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10");
  final ExtractionJobBuilder builder =
      new ExtractionJobBuilder(
          OperatorProperties.defaults("ghcr.io/frameflow/frame-extractor:1.0"));

  @Test
  void theProbeRunsTheExtractorWithProbeAndAsksTheOperatorLikeTheExtraction() {
    VideoJob videoJob = VideoJobFixtures.videoJob(VIDEO);
    videoJob.getMetadata().setUid("uid-1");
    videoJob.getMetadata().setGeneration(1L);
    Job probe = builder.buildProbe(videoJob);
    Job extraction = builder.build(videoJob);

    assertThat(probe.getMetadata().getName()).isEqualTo("probe-" + VIDEO);
    assertThat(probe.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
    assertThat(probe.getMetadata().getLabels()).isEqualTo(extraction.getMetadata().getLabels());
    PodSpec pod = probe.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getArgs())
        .containsExactly(
            "probe",
            "--source",
            videoJob.getSpec().source().toUri(),
            "--output",
            "s3://frameflow-results/videos/" + VIDEO + "/frames.zip",
            "--result-file",
            "/dev/termination-log",
            "--work-dir",
            "/work");
    assertThat(container.getEnv()).noneMatch(e -> e.getValueFrom() != null);
    // no Secret: the scratch emptyDirs and the token it asks the operator with (for the source's
    // GET alone, AccessEndpointIT), as the extraction Job has
    assertThat(pod.getVolumes())
        .isEqualTo(extraction.getSpec().getTemplate().getSpec().getVolumes())
        .noneMatch(v -> v.getSecret() != null);
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactlyInAnyOrder("/work", "/tmp", "/var/run/frameflow/operator-token");
    // the extraction Job's pod otherwise: image, account without token, security, failure policy
    PodSpec extractionPod = extraction.getSpec().getTemplate().getSpec();
    assertThat(container.getImage()).isEqualTo(extractionPod.getContainers().get(0).getImage());
    assertThat(pod.getServiceAccountName()).isEqualTo(extractionPod.getServiceAccountName());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext()).isEqualTo(extractionPod.getSecurityContext());
    assertThat(container.getSecurityContext())
        .isEqualTo(extractionPod.getContainers().get(0).getSecurityContext());
    assertThat(probe.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .containsExactly(ExitCodes.BAD_INPUT);
    assertThat(probe.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(probe.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(probe.getSpec().getCompletionMode()).isNull();
    // building it did not change the extraction Job built from the same VideoJob
    assertThat(builder.build(videoJob)).isEqualTo(extraction);
  }
}
