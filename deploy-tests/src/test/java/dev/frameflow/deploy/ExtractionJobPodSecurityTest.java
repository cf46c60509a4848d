package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The extraction Jobs are not in the chart: the operator builds them at run time. Built here by the
 * operator's own {@link ExtractionJobBuilder}, configured exactly as the chart configures the
 * operator (its ConfigMap bound the way Spring Boot binds the container's environment), they must
 * pass the same pod-security checks as every other Frameflow pod.
 */
class ExtractionJobPodSecurityTest {

  static final String VIDEO_JOB =
      """
      apiVersion: frameflow.dev/v1alpha1
      kind: VideoJob
      metadata:
        name: video-3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10
        namespace: frameflow
        uid: 6a1e9a52-4f55-4c55-9f0b-27f0d3a0b0c1
        generation: 1
      spec:
        videoId: 3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10
        owner: {userId: 8d0e3c1a-2b4f-4e5a-9c6d-7e8f9a0b1c2d}
        source: {bucket: frameflow-uploads, key: videos/3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10/source}
        output: {bucket: frameflow-results, key: videos/3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10/frames.zip}
        extraction: {fps: 1.0, format: jpeg, quality: 3}
      """;

  @ParameterizedTest
  @ValueSource(strings = {"values.yaml", "values-prod.yaml", "values-kind.yaml"})
  void aJobBuiltByTheOperatorWithTheChartsConfigurationIsRestricted(String valuesFile) {
    Path values = HelmCharts.chart("frameflow").resolve(valuesFile);
    Manifests chart = HelmCharts.template("frameflow", Map.of(), values);
    Job job = buildJob(chart.one(ConfigMap.class, "frameflow-operator").getData());
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    PodSecurity.assertRestricted("Job/" + job.getMetadata().getName(), pod);
    assertThat(pod.getContainers())
        .singleElement()
        .extracting(c -> c.getImage())
        .isEqualTo(
            chart
                .one(ConfigMap.class, "frameflow-operator")
                .getData()
                .get("FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE"));
    assertThat(pod.getServiceAccountName()).isEqualTo("frameflow-extractor");
    chart.one(ServiceAccount.class, pod.getServiceAccountName());
    assertThat(pod.getAutomountServiceAccountToken())
        .as("the extractor never calls the API")
        .isFalse();
    Job probe = buildProbeJob(chart.one(ConfigMap.class, "frameflow-operator").getData());
    PodSpec probePod = probe.getSpec().getTemplate().getSpec();
    PodSecurity.assertRestricted("Job/" + probe.getMetadata().getName(), probePod);
    assertThat(probePod.getServiceAccountName()).isEqualTo(pod.getServiceAccountName());
    assertThat(probePod.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void theChartsExtractorResourcesReachTheJobs() {
    Manifests chart =
        HelmCharts.template(
            "frameflow",
            Map.of(
                "extractor.resources.limits.memory",
                "3Gi",
                "extractor.resources.requests.cpu",
                "750m"));

    Job job = buildJob(chart.one(ConfigMap.class, "frameflow-operator").getData());
    var resources = job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();

    assertThat(resources.getLimits().get("memory")).hasToString("3Gi");
    assertThat(resources.getRequests().get("cpu")).hasToString("750m");
    assertThat(resources.getLimits().get("cpu")).hasToString("2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void aJobBuiltWithAKustomizeOverlaysConfigurationIsRestricted(String env) {
    Manifests overlay = Kustomize.build(KustomizeOverlaysTest.overlay(env));
    Map<String, String> environment =
        new HashMap<>(KustomizeOverlaysTest.configOf(overlay, "frameflow-operator"));
    KustomizeOverlaysTest.container(overlay, "frameflow-operator").getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> environment.put(e.getName(), e.getValue()));
    Job job = buildJob(environment);

    PodSecurity.assertRestricted(
        "Job/" + job.getMetadata().getName(), job.getSpec().getTemplate().getSpec());
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(KustomizeOverlaysTest.extractorImage(overlay));
    Job probe = buildProbeJob(environment);
    PodSecurity.assertRestricted(
        "Job/" + probe.getMetadata().getName(), probe.getSpec().getTemplate().getSpec());
  }

  /**
   * The Job the operator would create with this container environment: built, traced, and marked
   * for its admission (Kueue or not).
   */
  static Job buildJob(Map<String, String> environment) {
    return admissionFor(environment)
        .prepare(
            traced(
                builderFor(environment).build(Serialization.unmarshal(VIDEO_JOB, VideoJob.class))));
  }

  /** Who admits the Jobs with this configuration (frameflow.operator.kueue.*). */
  static dev.frameflow.operator.job.JobAdmission admissionFor(Map<String, String> environment) {
    return binderFor(environment)
        .bindOrCreate(
            "frameflow.operator.kueue", dev.frameflow.operator.config.KueueProperties.class)
        .admission();
  }

  /**
   * What the launcher adds as it creates a Job under its reconcile span: the trace's variables,
   * export included ({@code JobTracing}).
   */
  static Job traced(Job job) {
    var parent =
        io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            io.opentelemetry.api.trace.TraceFlags.getSampled(),
            io.opentelemetry.api.trace.TraceState.getDefault());
    return new dev.frameflow.operator.tracing.JobTracing("http://otel-collector.observability:4318")
        .applyTo(
            job,
            job.getMetadata().getLabels().get(dev.frameflow.videojob.MetadataKeys.VIDEO_ID),
            io.opentelemetry.context.Context.root()
                .with(io.opentelemetry.api.trace.Span.wrap(parent)));
  }

  /** The builder as the operator wires it from this configuration (OperatorConfiguration). */
  static ExtractionJobBuilder builderFor(Map<String, String> environment) {
    Binder binder = binderFor(environment);
    var progress =
        binder.bindOrCreate(
            "frameflow.operator.progress", dev.frameflow.operator.config.ProgressProperties.class);
    return new ExtractionJobBuilder(
            binder.bindOrCreate("frameflow.operator", OperatorProperties.class),
            null,
            binder
                .bindOrCreate(
                    "frameflow.operator.access",
                    dev.frameflow.operator.config.AccessProperties.class)
                .audience())
        .withOperatorEndpoint(progress.baseUrl(progress.port()));
  }

  /** The probe Job the operator would create first for the same VideoJob, if it may be sliced. */
  static Job buildProbeJob(Map<String, String> environment) {
    return admissionFor(environment)
        .prepare(
            traced(
                builderFor(environment)
                    .buildProbe(Serialization.unmarshal(VIDEO_JOB, VideoJob.class))));
  }

  /**
   * Binds the ConfigMap as the operator binds its environment (FRAMEFLOW_S3_PATH_STYLE ->
   * frameflow.s3.path-style).
   */
  private static Binder binderFor(Map<String, String> environment) {
    Map<String, Object> env = new HashMap<>(environment);
    StandardEnvironment spring = new StandardEnvironment();
    spring.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    spring
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    return new Binder(
        ConfigurationPropertySources.get(spring),
        null,
        ApplicationConversionService.getSharedInstance());
  }
}
