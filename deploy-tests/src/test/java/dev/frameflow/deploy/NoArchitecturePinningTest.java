package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.deploy.ExtractionJobAdmissionTest.Deployed;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image is a multi-arch index (linux/amd64 and linux/arm64, images.yml) and a cluster may mix
 * x86-64 and Graviton nodes (terraform: graviton_node_group), so nothing deployed may tie a pod to
 * one architecture (issue 30, item 5): no node selector or node affinity on the architecture
 * labels, no architecture-specific image, in any rendering of the chart and the overlays, and not
 * in the Jobs the operator builds.
 */
class NoArchitecturePinningTest {

  /** The node labels that name an architecture (the beta one is still set by some kubelets). */
  private static final List<String> ARCH_LABELS =
      List.of("kubernetes.io/arch", "beta.kubernetes.io/arch");

  /** An image built for one architecture: amd64/postgres, arm64v8/..., or a tag like :1.2-arm64. */
  private static final Pattern ARCH_IMAGE =
      Pattern.compile(
          "(^|/)(amd64|arm64v8|arm32v7|i386|ppc64le|s390x)/|[:@].*[-_.](amd64|x86_64|arm64|aarch64)\\b");

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of("helm defaults", HelmCharts.render("frameflow", Map.of())),
        Arguments.of(
            "helm values-prod.yaml",
            HelmCharts.render("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES)),
        Arguments.of(
            "helm values-kind.yaml",
            HelmCharts.render("frameflow", Map.of(), FrameflowChartTest.KIND_VALUES)),
        Arguments.of("helm frameflow-crds", HelmCharts.render("frameflow-crds", Map.of())),
        Arguments.of("kustomize kind", Kustomize.render(KustomizeOverlaysTest.overlay("kind"))),
        Arguments.of("kustomize dev", Kustomize.render(KustomizeOverlaysTest.overlay("dev"))),
        Arguments.of("kustomize prod", Kustomize.render(KustomizeOverlaysTest.overlay("prod"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void noRenderedPodIsTiedToAnArchitecture(String name, String rendered) {
    Manifests manifests = Manifests.parse(rendered);
    Map<String, PodSpec> pods = podSpecs(manifests);
    if (!name.equals("helm frameflow-crds")) {
      assertThat(pods).as("%s renders workloads", name).isNotEmpty();
    }
    pods.forEach((pod, spec) -> assertThat(archPins(spec)).as("%s: %s", name, pod).isEmpty());
    // nor anywhere else: a ConfigMap holding a pod template, a queue's flavour, an annotation
    for (String label : ARCH_LABELS) {
      assertThat(rendered).as("%s names %s", name, label).doesNotContain(label);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void theJobsTheOperatorBuildsAreTiedToNoArchitecture(Deployed deployed) {
    for (Job job : List.of(deployed.extraction(), deployed.probe())) {
      PodSpec spec = job.getSpec().getTemplate().getSpec();
      assertThat(archPins(spec)).as("%s: %s", deployed, job.getMetadata().getName()).isEmpty();
      String yaml = Serialization.asYaml(job);
      for (String label : ARCH_LABELS) {
        assertThat(yaml).doesNotContain(label);
      }
    }
  }

  /** The checks themselves: each way to tie a pod to an architecture is found. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pinnedPods")
  void eachWayToPinAnArchitectureIsFound(String how, String podYaml) {
    PodSpec spec = Serialization.unmarshal(podYaml, PodSpec.class);
    assertThat(archPins(spec)).as(how).isNotEmpty();
  }

  static Stream<Arguments> pinnedPods() {
    return Stream.of(
        Arguments.of(
            "a node selector",
            "containers: [{name: a, image: frameflow/operator:1}]\n"
                + "nodeSelector: {kubernetes.io/arch: amd64}\n"),
        Arguments.of(
            "the beta label",
            "containers: [{name: a, image: frameflow/operator:1}]\n"
                + "nodeSelector: {beta.kubernetes.io/arch: amd64}\n"),
        Arguments.of(
            "a required node affinity",
            "containers: [{name: a, image: frameflow/operator:1}]\n"
                + "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                + " {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/arch,"
                + " operator: In, values: [amd64]}]}]}}}\n"),
        Arguments.of(
            "a preferred node affinity",
            "containers: [{name: a, image: frameflow/operator:1}]\n"
                + "affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution:"
                + " [{weight: 1, preference: {matchExpressions: [{key: kubernetes.io/arch,"
                + " operator: NotIn, values: [arm64]}]}}]}}\n"),
        Arguments.of(
            "an amd64-only image", "containers: [{name: a, image: 'amd64/postgres:17.6'}]\n"),
        Arguments.of(
            "an arch-suffixed tag in an init container",
            "initContainers: [{name: i, image: 'quay.io/x/tool:v1.2-arm64'}]\n"
                + "containers: [{name: a, image: frameflow/operator:1}]\n"));
  }

  static Stream<Deployed> deployments() {
    return ExtractionJobAdmissionTest.deployments();
  }

  /** Every workload's pod spec, DaemonSets and CronJobs included. */
  private static Map<String, PodSpec> podSpecs(Manifests manifests) {
    Map<String, PodSpec> specs = new LinkedHashMap<>(manifests.podSpecs());
    manifests
        .all(DaemonSet.class)
        .forEach(
            d ->
                specs.put(
                    "DaemonSet/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
    manifests
        .all(CronJob.class)
        .forEach(
            c ->
                specs.put(
                    "CronJob/" + c.getMetadata().getName(),
                    c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
    return specs;
  }

  /** What ties this pod to an architecture, described; empty when nothing does. */
  static List<String> archPins(PodSpec spec) {
    List<String> pins = new ArrayList<>();
    Optional.ofNullable(spec.getNodeSelector())
        .ifPresent(
            selector ->
                selector.keySet().stream()
                    .filter(ARCH_LABELS::contains)
                    .forEach(key -> pins.add("nodeSelector " + key)));
    Optional.ofNullable(spec.getAffinity())
        .map(Affinity::getNodeAffinity)
        .ifPresent(
            affinity -> {
              List<NodeSelectorTerm> terms = new ArrayList<>();
              if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                terms.addAll(
                    affinity
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms());
              }
              if (affinity.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                affinity.getPreferredDuringSchedulingIgnoredDuringExecution().stream()
                    .map(PreferredSchedulingTerm::getPreference)
                    .forEach(terms::add);
              }
              for (NodeSelectorTerm term : terms) {
                Stream.concat(
                        Optional.ofNullable(term.getMatchExpressions()).orElse(List.of()).stream(),
                        Optional.ofNullable(term.getMatchFields()).orElse(List.of()).stream())
                    .map(NodeSelectorRequirement::getKey)
                    .filter(ARCH_LABELS::contains)
                    .forEach(key -> pins.add("nodeAffinity " + key));
              }
            });
    Stream.concat(
            Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream(),
            Optional.ofNullable(spec.getContainers()).orElse(List.of()).stream())
        .map(Container::getImage)
        .filter(image -> image != null && ARCH_IMAGE.matcher(image).find())
        .forEach(image -> pins.add("image " + image));
    return pins;
  }
}
