package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's Job admission policy, run (CEL for Java, {@link AdmissionPolicyRun}) against Jobs:
 * the shape the operator builds — no Secret, a projected ServiceAccount token for the operator's
 * audience — is admitted, for a one-pod extraction and a probe alike, with the parameters each
 * deployment renders; each way back to a Secret or to a wider token is denied.
 */
class ExtractionJobAdmissionTest {

  /** A deployment's admission policy, its parameters and the operator's configuration. */
  record Deployed(
      String name,
      AdmissionPolicyRun policy,
      Map<String, String> params,
      Map<String, String> operatorConfig,
      String operatorUser) {

    @Override
    public String toString() {
      return name;
    }

    List<String> denials(Job job) {
      return policy.denials(job, params, operatorUser);
    }

    String audience() {
      return params.get("accessAudience");
    }

    /** The one-pod extraction Job the operator builds with this configuration. */
    Job extraction() {
      return ExtractionJobPodSecurityTest.buildJob(operatorConfig);
    }

    Job probe() {
      return ExtractionJobPodSecurityTest.buildProbeJob(operatorConfig);
    }
  }

  static Deployed deployed(String name, Manifests manifests, String policyName) {
    var policy = manifests.one("ValidatingAdmissionPolicy", policyName);
    Map<String, Object> binding =
        PlatformBoundariesTest.asMap(manifests.one("ValidatingAdmissionPolicyBinding", policyName));
    @SuppressWarnings("unchecked")
    String paramsName =
        (String)
            ((Map<String, Object>) ((Map<String, Object>) binding.get("spec")).get("paramRef"))
                .get("name");
    Deployment operator = manifests.one(Deployment.class, "frameflow-operator");
    return new Deployed(
        name,
        AdmissionPolicyRun.of(policy),
        manifests.one(ConfigMap.class, paramsName).getData(),
        PlatformBoundariesTest.operatorConfig(manifests),
        "system:serviceaccount:"
            + operator.getMetadata().getNamespace()
            + ":"
            + operator.getSpec().getTemplate().getSpec().getServiceAccountName());
  }

  static Stream<Deployed> deployments() {
    return Stream.of(
        deployed(
            "helm defaults", FrameflowChartTest.defaults(), "frameflow-frameflow-operator-jobs"),
        deployed(
            "helm prod",
            HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES),
            "frameflow-frameflow-operator-jobs"),
        deployed(
            "helm, another audience",
            HelmCharts.template("frameflow", Map.of("operator.accessAudience", "ff-ops.example")),
            "frameflow-frameflow-operator-jobs"),
        deployed(
            "kustomize kind",
            Kustomize.build(KustomizeOverlaysTest.overlay("kind")),
            "frameflow-operator-jobs"),
        deployed(
            "kustomize dev",
            Kustomize.build(KustomizeOverlaysTest.overlay("dev")),
            "frameflow-operator-jobs"),
        deployed(
            "kustomize prod",
            Kustomize.build(KustomizeOverlaysTest.overlay("prod")),
            "frameflow-operator-jobs"),
        deployed(
            "helm, admission by Kueue",
            KueueDeploymentTest.helmWithKueue(),
            "frameflow-frameflow-operator-jobs"),
        deployed(
            "kustomize dev with the Kueue component",
            KueueDeploymentTest.devWithKueue(),
            "frameflow-operator-jobs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void theTokenShapedJobsAreAdmittedForTheOperatorOnly(Deployed deployed) {
    assertThat(deployed.policy().matches(deployed.operatorUser())).isTrue();
    assertThat(deployed.policy().matches("system:serviceaccount:frameflow:frameflow-api-gateway"))
        .as("the policy holds the operator, not everyone")
        .isFalse();
    assertThat(deployed.audience())
        .isNotBlank()
        .isEqualTo(deployed.operatorConfig().get("FRAMEFLOW_OPERATOR_ACCESS_AUDIENCE"));

    Job extraction = deployed.extraction();
    PodSpec pod = extraction.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
    assertThat(pod.getContainers().get(0).getEnv())
        .noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .anySatisfy(
            e ->
                assertThat(e.getValue())
                    .isEqualTo(
                        deployed.operatorConfig().get("FRAMEFLOW_OPERATOR_PROGRESS_URL")
                            + "/access"));
    assertThat(deployed.denials(extraction)).isEmpty();
    assertThat(deployed.denials(deployed.probe())).isEmpty();
  }

  static Stream<Arguments> deniedJobs() {
    return deployments()
        .flatMap(
            d ->
                Stream.of(
                    denied(
                        d,
                        "a Secret volume",
                        pod -> pod.getVolumes().add(secretVolume("access")),
                        "mount only the emptyDir volumes work and tmp and the projected token"),
                    denied(
                        d,
                        "a Secret volume named as the token",
                        pod -> {
                          pod.getVolumes().removeIf(v -> v.getName().equals(OperatorToken.VOLUME));
                          pod.getVolumes().add(secretVolume(OperatorToken.VOLUME));
                        },
                        "mount only the emptyDir volumes work and tmp and the projected token"),
                    denied(
                        d,
                        "a hostPath volume",
                        pod ->
                            pod.getVolumes()
                                .add(
                                    new VolumeBuilder()
                                        .withName("tmp")
                                        .withNewHostPath("/var/run", null)
                                        .build()),
                        "mount only the emptyDir volumes work and tmp and the projected token"),
                    denied(
                        d,
                        "a secretKeyRef in the environment",
                        pod ->
                            container(pod)
                                .getEnv()
                                .add(
                                    new EnvVarBuilder()
                                        .withName("FRAMEFLOW_ACCESS")
                                        .withNewValueFrom()
                                        .withNewSecretKeyRef("access", "job-access", false)
                                        .endValueFrom()
                                        .build()),
                        "read no Secret"),
                    denied(
                        d,
                        "a Secret as envFrom",
                        pod ->
                            container(pod)
                                .setEnvFrom(
                                    List.of(
                                        new EnvFromSourceBuilder()
                                            .withNewSecretRef("job-access", false)
                                            .build())),
                        "read no Secret"),
                    denied(
                        d,
                        "a second projected source (a Secret)",
                        pod ->
                            token(pod)
                                .getProjected()
                                .getSources()
                                .add(
                                    new VolumeProjectionBuilder()
                                        .withNewSecret()
                                        .withName("job-access")
                                        .endSecret()
                                        .build()),
                        "the projected volume holds one serviceAccountToken"),
                    denied(
                        d,
                        "a second projected source (a ConfigMap)",
                        pod ->
                            token(pod)
                                .getProjected()
                                .getSources()
                                .add(
                                    new VolumeProjectionBuilder()
                                        .withNewConfigMap()
                                        .withName("frameflow-job-policy")
                                        .endConfigMap()
                                        .build()),
                        "the projected volume holds one serviceAccountToken"),
                    denied(
                        d,
                        "a projected downward API instead of the token",
                        pod ->
                            token(pod)
                                .getProjected()
                                .setSources(
                                    List.of(
                                        new VolumeProjectionBuilder()
                                            .withNewDownwardAPI()
                                            .addNewItem()
                                            .withPath("labels")
                                            .withNewFieldRef(null, "metadata.labels")
                                            .endItem()
                                            .endDownwardAPI()
                                            .build())),
                        "the projected volume holds one serviceAccountToken"),
                    denied(
                        d,
                        "another audience",
                        pod -> replaceToken(pod, OperatorToken.volume("other-audience", 600)),
                        "the projected volume holds one serviceAccountToken, audience "
                            + d.audience()),
                    denied(
                        d,
                        "the API server's audience (none given)",
                        pod ->
                            token(pod)
                                .getProjected()
                                .getSources()
                                .get(0)
                                .getServiceAccountToken()
                                .setAudience(null),
                        "the projected volume holds one serviceAccountToken"),
                    denied(
                        d,
                        "a token valid for two hours",
                        pod -> replaceToken(pod, OperatorToken.volume(d.audience(), 7200)),
                        "expirationSeconds at most 3600")));
  }

  private static Arguments denied(
      Deployed deployed, String what, Consumer<PodSpec> change, String message) {
    return Arguments.of(deployed, what, change, message);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("deniedJobs")
  void aJobThatReadsASecretOrWidensTheTokenIsDenied(
      Deployed deployed, String what, Consumer<PodSpec> change, String message) {
    for (Job shaped : List.of(deployed.extraction(), deployed.probe())) {
      Job job = new JobBuilder(Serialization.clone(shaped)).build();
      change.accept(job.getSpec().getTemplate().getSpec());

      assertThat(deployed.denials(job)).as(what).singleElement().asString().contains(message);
    }
  }

  @Test
  void aTokenValidForAnHourIsStillAdmitted() {
    Deployed deployed = deployments().findFirst().orElseThrow();
    Job job = deployed.extraction();
    replaceToken(
        job.getSpec().getTemplate().getSpec(), OperatorToken.volume(deployed.audience(), 3600));

    assertThat(deployed.denials(job)).isEmpty();
  }

  /**
   * The Jobs the operator builds itself, unchanged, with the token volume of {@link OperatorToken}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void theJobsTheOperatorBuildsAreAdmittedAsBuilt(Deployed deployed) {
    Job extraction = ExtractionJobPodSecurityTest.buildJob(deployed.operatorConfig());
    Job probe = ExtractionJobPodSecurityTest.buildProbeJob(deployed.operatorConfig());

    assertThat(deployed.denials(extraction)).isEmpty();
    assertThat(deployed.denials(probe)).isEmpty();
    assertThat(token(extraction.getSpec().getTemplate().getSpec()))
        .as("the operator's own token volume is the one written down by hand")
        .isEqualTo(OperatorToken.volume(deployed.audience(), OperatorToken.EXPIRATION_SECONDS));
  }

  static Container container(PodSpec pod) {
    return pod.getContainers().get(0);
  }

  static Volume token(PodSpec pod) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(OperatorToken.VOLUME))
        .findFirst()
        .orElseThrow();
  }

  private static void replaceToken(PodSpec pod, Volume volume) {
    pod.getVolumes().removeIf(v -> v.getName().equals(OperatorToken.VOLUME));
    pod.getVolumes().add(volume);
  }

  private static Volume secretVolume(String name) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName("job-access")
        .endSecret()
        .build();
  }
}
