package dev.frameflow.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.JobResources;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExtractionJobBuilderTest {

  static final UUID VIDEO = UUID.fromString("3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10");
  final ExtractionJobBuilder builder =
      new ExtractionJobBuilder(
          OperatorProperties.defaults("ghcr.io/frameflow/frame-extractor:1.0"));

  @Test
  void theJobIsNamedAfterTheVideoAndControlledByItsVideoJob() {
    Job job = builder.build(videoJob(VideoJobFixtures.spec(VIDEO)));

    assertThat(job.getMetadata().getName()).isEqualTo("extract-" + VIDEO);
    assertThat(job.getMetadata().getNamespace()).isEqualTo("frameflow-test");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("VideoJob");
              assertThat(owner.getApiVersion()).isEqualTo("frameflow.dev/v1alpha1");
              assertThat(owner.getUid()).isEqualTo("uid-1");
              assertThat(owner.getController()).isTrue();
              assertThat(owner.getBlockOwnerDeletion()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry(MetadataKeys.MANAGED_BY, "frameflow-operator")
        .containsEntry(MetadataKeys.VIDEO_JOB, "video-" + VIDEO)
        .containsEntry(MetadataKeys.VIDEO_ID, VIDEO.toString());
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(job.getMetadata().getLabels());
    assertThat(job.getMetadata().getAnnotations()).containsEntry(MetadataKeys.SPEC_GENERATION, "3");
  }

  @Test
  void retriesDeadlineAndTtlComeFromTheSpecOrTheOperatorDefaults() {
    Job defaults = builder.build(videoJob(VideoJobFixtures.spec(VIDEO)));
    assertThat(defaults.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(defaults.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
    assertThat(defaults.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);

    VideoJobSpec spec = VideoJobFixtures.spec(VIDEO);
    Job given = builder.build(videoJob(spec.withDeadlineAndRetries(120L, 0)));
    assertThat(given.getSpec().getBackoffLimit()).isZero();
    assertThat(given.getSpec().getActiveDeadlineSeconds()).isEqualTo(120L);
  }

  @Test
  void badInputFailsTheJobAtOnceAndDisruptionsAreNotCounted() {
    var rules =
        builder
            .build(videoJob(VideoJobFixtures.spec(VIDEO)))
            .getSpec()
            .getPodFailurePolicy()
            .getRules();

    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
    assertThat(rules.get(0).getOnExitCodes().getContainerName()).isEqualTo("extractor");
    assertThat(rules.get(0).getOnExitCodes().getOperator()).isEqualTo("In");
    assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(2);
    assertThat(rules.get(1).getAction()).isEqualTo("Ignore");
    assertThat(rules.get(1).getOnPodConditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
  }

  @Test
  void thePodMeetsTheRestrictedPodSecurityStandard() {
    PodSpec pod =
        builder.build(videoJob(VideoJobFixtures.spec(VIDEO))).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo("frameflow-extractor");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getPrivileged()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactlyInAnyOrder("/work", "/tmp", "/var/run/frameflow/operator-token");
    // the projected token is mounted read-only; only /work and /tmp are written
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
        .extracting(m -> m.getMountPath())
        .containsExactlyInAnyOrder("/work", "/tmp");
    // volume types the restricted standard allows: scratch space, and a projected token
    assertThat(pod.getVolumes())
        .allSatisfy(v -> assertThat(v.getEmptyDir() != null || v.getProjected() != null).isTrue());
    assertThat(pod.getVolumes()).filteredOn(v -> v.getEmptyDir() != null).hasSize(2);
    assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
  }

  @Test
  void theContainerGetsTheSpecsOptionsAsArgumentsAndTheS3SettingsAsEnvironment() {
    VideoJobSpec spec = VideoJobFixtures.spec(VIDEO);
    VideoJobSpec withOptions =
        spec.withExtraction(
            ExtractionOptions.builder()
                .intervalSeconds(2.5)
                .format(ImageFormat.PNG)
                .maxFrames(100)
                .width(640)
                .build());
    Container container =
        builder
            .build(videoJob(withOptions))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    assertThat(container.getImage()).isEqualTo("ghcr.io/frameflow/frame-extractor:1.0");
    assertThat(container.getArgs())
        .containsExactly(
            "extract",
            "--source",
            spec.source().toUri(),
            "--output",
            "s3://frameflow-results/videos/" + VIDEO + "/frames.zip",
            "--result-file",
            "/dev/termination-log",
            "--work-dir",
            "/work",
            "--options-json",
            Serialization.asJson(withOptions.extraction()));
  }

  @Test
  void theOptionsTravelAsOneJsonValueThatReadsBackToTheSameRecord() {
    ExtractionOptions scene =
        ExtractionOptions.builder()
            .format(ImageFormat.WEBP)
            .maxFrames(50)
            .scene(true)
            .sceneThreshold(0.4)
            .minIntervalSeconds(2.0)
            .storyboard(new StoryboardOptions(5.0, null, 4, 3))
            .contactSheet(true)
            .preview(true)
            .build();
    for (ExtractionOptions options :
        List.of(
            scene,
            ExtractionOptions.defaults(),
            ExtractionOptions.builder().timestamps("12.5", "50%").build(),
            ExtractionOptions.builder().count(8).build(),
            ExtractionOptions.builder().keyframes(true).build())) {
      List<String> args =
          ExtractorCommandLine.arguments(VideoJobFixtures.spec(VIDEO).withExtraction(options));

      assertThat(args).hasSize(11).containsSequence("--work-dir", "/work", "--options-json");
      assertThat(Serialization.unmarshal(args.get(10), ExtractionOptions.class)).isEqualTo(options);
    }
  }

  @Test
  void resourcesAreTheOperatorDefaultsWithTheVideoJobsOverrides() {
    VideoJobSpec spec = VideoJobFixtures.spec(VIDEO);
    VideoJobSpec bigger =
        spec.withResources(new JobResources(null, Map.of("memory", new Quantity("6Gi"))));

    var defaults = container(VideoJobFixtures.spec(VIDEO)).getResources();
    var overridden = container(bigger).getResources();

    assertThat(defaults.getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(defaults.getLimits()).containsEntry("memory", new Quantity("2Gi"));
    assertThat(overridden.getLimits())
        .containsEntry("memory", new Quantity("6Gi"))
        .containsEntry("cpu", new Quantity("2"));
    assertThat(overridden.getRequests()).isEqualTo(defaults.getRequests());
  }

  @Test
  void buildingTwiceGivesTheSameJob() {
    VideoJob videoJob = videoJob(VideoJobFixtures.spec(VIDEO));
    assertThat(builder.build(videoJob)).isEqualTo(builder.build(videoJob));
  }

  @Test
  void anOperatorWithoutAnExtractorImageIsAConfigurationError() {
    assertThatThrownBy(() -> new ExtractionJobBuilder(OperatorProperties.defaults(" ")))
        .hasMessageContaining("frameflow.operator.extractor-image");
  }

  private Container container(VideoJobSpec spec) {
    return builder.build(videoJob(spec)).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theJobCarriesNoAwsVariablesNoSecretOnlyATokenForTheOperator() {
    Job job = builder.build(videoJob(VideoJobFixtures.spec(VIDEO)));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(container.getEnvFrom()).isNullOrEmpty();
    // the endpoint's address is added by the reconciler; the builder adds no variable at all
    assertThat(container.getEnv()).isEmpty();
    // nothing in the rendered Job names AWS, a key, an endpoint or a Secret
    String rendered = io.fabric8.kubernetes.client.utils.Serialization.asYaml(job);
    assertThat(rendered)
        .doesNotContain("AWS_")
        .doesNotContain("FRAMEFLOW_S3")
        .doesNotContain("secret")
        .doesNotContain("Secret");
    // the API token stays off; the one token is for the operator's audience, short-lived
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    var volume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("operator-token"))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getProjected().getDefaultMode()).isEqualTo(0440);
    assertThat(volume.getProjected().getSources())
        .singleElement()
        .satisfies(
            source -> {
              assertThat(source.getServiceAccountToken().getAudience())
                  .isEqualTo("frameflow-operator");
              assertThat(source.getServiceAccountToken().getExpirationSeconds()).isEqualTo(600L);
              assertThat(source.getServiceAccountToken().getPath()).isEqualTo("token");
            });
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("operator-token");
              assertThat(m.getMountPath()).isEqualTo("/var/run/frameflow/operator-token");
              assertThat(m.getReadOnly()).isTrue();
            });
  }

  @Test
  void theTokensAudienceIsTheOperatorsConfiguredOne() {
    var other =
        new ExtractionJobBuilder(
            OperatorProperties.defaults("ghcr.io/frameflow/frame-extractor:1.0"),
            null,
            "frameflow-operator.team-a");
    var sources =
        other
            .build(videoJob(VideoJobFixtures.spec(VIDEO)))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .stream()
            .filter(v -> v.getProjected() != null)
            .flatMap(v -> v.getProjected().getSources().stream())
            .toList();
    assertThat(sources)
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getServiceAccountToken().getAudience())
                    .isEqualTo("frameflow-operator.team-a"));
  }

  @Test
  void onAStoreWithoutTlsTheExtractorMayReadThatOneHostOverPlainHttp() {
    var kind =
        new ExtractionJobBuilder(
            OperatorProperties.defaults("ghcr.io/frameflow/frame-extractor:1.0"),
            "minio",
            "frameflow-operator");
    Container container =
        kind.build(videoJob(VideoJobFixtures.spec(VIDEO)))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    assertThat(container.getEnv())
        .extracting(e -> e.getName(), e -> e.getValue())
        .contains(org.assertj.core.groups.Tuple.tuple("FRAMEFLOW_PLAIN_HTTP_HOST", "minio"));
    // and nowhere else: https stores (EKS) name no plain-http host
    assertThat(container(VideoJobFixtures.spec(VIDEO)).getEnv())
        .noneMatch(e -> e.getName().equals("FRAMEFLOW_PLAIN_HTTP_HOST"));
  }

  @Test
  void thePlainHttpHostIsTheStoreEndpointsOnlyWhenItHasNoTls() {
    assertThat(
            dev.frameflow.operator.config.OperatorConfiguration.plainHttpHost(
                new dev.frameflow.objectstreams.S3Settings(
                    "us-east-1", "http://minio:9000", true, "k", "s")))
        .isEqualTo("minio");
    assertThat(
            dev.frameflow.operator.config.OperatorConfiguration.plainHttpHost(
                new dev.frameflow.objectstreams.S3Settings(
                    "us-east-1", "https://s3.eu-west-1.amazonaws.com", false, null, null)))
        .isNull();
    assertThat(
            dev.frameflow.operator.config.OperatorConfiguration.plainHttpHost(
                dev.frameflow.objectstreams.S3Settings.aws("eu-west-1")))
        .isNull();
  }

  private static VideoJob videoJob(VideoJobSpec spec) {
    VideoJob videoJob = VideoJobFixtures.videoJob(VIDEO, spec);
    videoJob.getMetadata().setUid("uid-1");
    videoJob.getMetadata().setGeneration(3L);
    return videoJob;
  }
}
