package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.deploy.JobAdmissionConformanceTest.Shape;
import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The namespace Frameflow runs in enforces the "restricted" Pod Security profile (enforce, audit
 * and warn, each with a version), from the Kustomize base and, on request ({@code
 * namespace.create}), from the Helm chart; and every pod template either renders — the chart's and
 * the overlays' workloads, and the one-pod, Indexed and probe Jobs the operator builds with each
 * one's configuration — meets that profile ({@link PodSecurity#assertRestricted}), so that
 * namespace admits them all.
 */
class PodSecurityConformanceTest {

  static final String PREFIX = "pod-security.kubernetes.io/";

  /** The restricted profile in all three modes, each pinned to {@code version}. */
  static Map<String, String> restrictedLabels(String version) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String mode : List.of("enforce", "audit", "warn")) {
      labels.put(PREFIX + mode, "restricted");
      labels.put(PREFIX + mode + "-version", version);
    }
    return labels;
  }

  private static Map<String, String> podSecurityLabels(HasMetadata namespace) {
    Map<String, String> labels = new LinkedHashMap<>(namespace.getMetadata().getLabels());
    labels.keySet().removeIf(k -> !k.startsWith(PREFIX));
    return labels;
  }

  // --- the namespace ----------------------------------------------------------------------------

  @Test
  void theChartRendersNoNamespaceUnlessAskedForHelmInstallNeedsItToExist() {
    assertThat(FrameflowChartTest.defaults().ofKind("Namespace")).isEmpty();
    assertThat(FrameflowChartTest.production().ofKind("Namespace")).isEmpty();
  }

  @Test
  void namespaceCreateRendersTheReleaseNamespaceWithTheRestrictedLabels() {
    Manifests chart = HelmCharts.template("frameflow", Map.of("namespace.create", true));

    Namespace namespace = chart.one(Namespace.class, HelmCharts.NAMESPACE);
    assertThat(podSecurityLabels(namespace)).isEqualTo(restrictedLabels("latest"));
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry(MetadataKeys.PART_OF, MetadataKeys.FRAMEFLOW);
    assertThat(namespace.getMetadata().getAnnotations())
        .as("helm uninstall keeps the namespace, its Secrets and VideoJobs")
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(chart.ofKind("Namespace")).hasSize(1);
  }

  @Test
  void theProfileVersionCanBePinned() {
    Manifests chart =
        HelmCharts.template(
            "frameflow", Map.of("namespace.create", true, "namespace.podSecurityVersion", "v1.32"));

    assertThat(podSecurityLabels(chart.one(Namespace.class, HelmCharts.NAMESPACE)))
        .isEqualTo(restrictedLabels("v1.32"));
    assertThatThrownBy(
            () ->
                HelmCharts.template(
                    "frameflow",
                    Map.of("namespace.create", true, "namespace.podSecurityVersion", "1.32")))
        .as("the schema takes latest or v1.N only")
        .hasMessageContaining("podSecurityVersion");
  }

  @ParameterizedTest(name = "kustomize {0}")
  @ValueSource(strings = {"kind", "dev", "prod"})
  void theKustomizeNamespaceCarriesTheRestrictedLabels(String overlay) {
    Manifests manifests = Kustomize.build(KustomizeOverlaysTest.overlay(overlay));

    assertThat(podSecurityLabels(manifests.one(Namespace.class, "frameflow")))
        .isEqualTo(restrictedLabels("latest"));
  }

  @Test
  void theChartsAndTheBasesNamespacesAgree() {
    Manifests chart = HelmCharts.template("frameflow", Map.of("namespace.create", true));
    Manifests base = Kustomize.build(Repository.path("kustomize/base"));

    assertThat(podSecurityLabels(chart.one(Namespace.class, HelmCharts.NAMESPACE)))
        .isEqualTo(podSecurityLabels(base.one(Namespace.class, "frameflow")));
  }

  // --- every pod template -----------------------------------------------------------------------

  static Stream<Arguments> installs() {
    return Stream.of(
        Arguments.of("helm defaults", FrameflowChartTest.defaults()),
        Arguments.of("helm values-prod.yaml", FrameflowChartTest.production()),
        Arguments.of(
            "helm values-kind.yaml",
            HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.KIND_VALUES)),
        Arguments.of(
            "helm namespace.create",
            HelmCharts.template("frameflow", Map.of("namespace.create", true))),
        Arguments.of("kustomize kind", Kustomize.build(KustomizeOverlaysTest.overlay("kind"))),
        Arguments.of("kustomize dev", Kustomize.build(KustomizeOverlaysTest.overlay("dev"))),
        Arguments.of("kustomize prod", Kustomize.build(KustomizeOverlaysTest.overlay("prod"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void everyRenderedPodTemplateIsRestricted(String install, Manifests manifests) {
    Map<String, PodSpec> pods = manifests.podSpecs();

    assertThat(pods)
        .containsKeys("Deployment/frameflow-operator", "Deployment/frameflow-api-gateway");
    pods.forEach((owner, pod) -> PodSecurity.assertRestricted(install + " " + owner, pod));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void everyJobShapeTheOperatorBuildsThereIsRestricted(String install, Manifests manifests) {
    Map<String, String> operatorConfig = PlatformBoundariesTest.operatorConfig(manifests);

    for (Shape shape : Shape.values()) {
      Job job = shape.build(operatorConfig);
      PodSecurity.assertRestricted(
          install + " " + shape + " Job/" + job.getMetadata().getName(),
          job.getSpec().getTemplate().getSpec());
    }
  }
}
