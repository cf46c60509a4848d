package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Admission by Kueue as deployed (docs/deployment.md, "Admission by Kueue"): the chart's {@code
 * operator.kueue} values and {@code kustomize/components/kueue} turn it on in the operator's
 * configuration and in the Job admission policy's parameters; the policy then admits the operator's
 * Jobs only suspended in that LocalQueue, with no other Kueue label or annotation, and without it
 * admits none that names a Kueue queue. The LocalQueue and the example ClusterQueue fit together.
 */
class KueueDeploymentTest {

  static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  static Manifests helmWithKueue() {
    return HelmCharts.template(
        "frameflow",
        Map.of(
            "operator.kueue.enabled", "true",
            "operator.kueue.queueName", "videos",
            "operator.kueue.localQueue.create", "true",
            "operator.kueue.localQueue.clusterQueue", "batch"));
  }

  private static Path devWithKueue;

  /** The dev overlay with the Kueue component, as an overlay that lists it would render. */
  static synchronized Manifests devWithKueue() {
    if (devWithKueue == null) {
      devWithKueue = withComponent("dev", "kueue");
    }
    return Kustomize.build(devWithKueue); // rendered once per directory
  }

  private static Path withComponent(String overlay, String component) {
    try {
      Path dir = Files.createTempDirectory("kustomize-" + overlay + "-" + component);
      dir.toFile().deleteOnExit();
      // kustomize refuses absolute paths: relative ones may leave the kustomization's root
      String yaml =
          "apiVersion: kustomize.config.k8s.io/v1beta1\n"
              + "kind: Kustomization\n"
              + "resources:\n  - "
              + dir.relativize(KustomizeOverlaysTest.overlay(overlay).toAbsolutePath())
              + "\ncomponents:\n  - "
              + dir.relativize(
                  Repository.path("kustomize/components/" + component).toAbsolutePath())
              + "\n";
      Files.writeString(dir.resolve("kustomization.yaml"), yaml);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<ExtractionJobAdmissionTest.Deployed> withKueue() {
    return ExtractionJobAdmissionTest.deployments()
        .filter(d -> "true".equals(d.operatorConfig().get("FRAMEFLOW_OPERATOR_KUEUE_ENABLED")));
  }

  static Stream<ExtractionJobAdmissionTest.Deployed> withoutKueue() {
    return ExtractionJobAdmissionTest.deployments()
        .filter(d -> !d.operatorConfig().containsKey("FRAMEFLOW_OPERATOR_KUEUE_ENABLED"));
  }

  @Test
  void bothWaysOfDeployingItAreCheckedAndTheOthersLeaveItOff() {
    assertThat(withKueue().map(Object::toString))
        .containsExactlyInAnyOrder(
            "helm, admission by Kueue", "kustomize dev with the Kueue component");
    assertThat(withoutKueue()).hasSize(6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withKueue")
  void theOperatorsJobsAreAdmittedSuspendedInTheirLocalQueueAndNothingElseIs(
      ExtractionJobAdmissionTest.Deployed deployed) {
    String queue = deployed.operatorConfig().get("FRAMEFLOW_OPERATOR_KUEUE_QUEUE_NAME");
    assertThat(deployed.params()).containsEntry("kueueQueueName", queue);
    for (Job built : List.of(deployed.extraction(), deployed.probe())) {
      assertThat(built.getSpec().getSuspend()).isTrue();
      assertThat(built.getMetadata().getLabels()).containsEntry(QUEUE_LABEL, queue);
      assertThat(deployed.denials(built)).isEmpty();

      assertDenied(deployed, built, j -> j.getSpec().setSuspend(false), "created suspended");
      assertDenied(deployed, built, j -> j.getSpec().setSuspend(null), "created suspended");
      assertDenied(
          deployed,
          built,
          j -> j.getMetadata().getLabels().put(QUEUE_LABEL, "someone-elses"),
          "in the LocalQueue " + queue);
      assertDenied(
          deployed, built, j -> j.getMetadata().getLabels().remove(QUEUE_LABEL), "suspended in");
      assertDenied(
          deployed,
          built,
          j -> j.getMetadata().getLabels().put("kueue.x-k8s.io/priority-class", "urgent"),
          "no other kueue.x-k8s.io label or annotation");
      assertDenied(
          deployed,
          built,
          j ->
              j.getMetadata()
                  .setAnnotations(
                      new HashMap<>(Map.of("kueue.x-k8s.io/prebuilt-workload-name", "admitted"))),
          "no other kueue.x-k8s.io label or annotation");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withoutKueue")
  void withoutKueueNoJobMayNameAKueueQueue(ExtractionJobAdmissionTest.Deployed deployed) {
    assertThat(deployed.params()).doesNotContainKey("kueueQueueName");
    Job built = deployed.extraction();
    assertThat(built.getSpec().getSuspend()).isNull();
    assertDenied(
        deployed,
        built,
        j -> {
          j.getMetadata().getLabels().put(QUEUE_LABEL, "frameflow");
          j.getSpec().setSuspend(true);
        },
        "extraction Jobs go to no Kueue queue here");
  }

  private static void assertDenied(
      ExtractionJobAdmissionTest.Deployed deployed, Job built, Consumer<Job> change, String why) {
    Job job = new JobBuilder(Serialization.clone(built)).build();
    job.getMetadata().setLabels(new HashMap<>(job.getMetadata().getLabels()));
    change.accept(job);
    assertThat(deployed.denials(job)).singleElement().asString().contains(why);
  }

  @Test
  void theChartRendersTheSettingTheParameterAndTheLocalQueue() {
    Manifests manifests = helmWithKueue();
    Map<String, String> config = PlatformBoundariesTest.operatorConfig(manifests);
    assertThat(config)
        .containsEntry("FRAMEFLOW_OPERATOR_KUEUE_ENABLED", "true")
        .containsEntry("FRAMEFLOW_OPERATOR_KUEUE_QUEUE_NAME", "videos");
    Map<String, Object> localQueue =
        PlatformBoundariesTest.asMap(manifests.one("LocalQueue", "videos"));
    assertThat(namespaceOf(localQueue)).isEqualTo(HelmCharts.NAMESPACE);
    assertThat(spec(localQueue)).containsEntry("clusterQueue", "batch");

    Manifests off = FrameflowChartTest.defaults();
    assertThat(off.ofKind("LocalQueue")).isEmpty();
    assertThat(PlatformBoundariesTest.operatorConfig(off))
        .doesNotContainKeys(
            "FRAMEFLOW_OPERATOR_KUEUE_ENABLED", "FRAMEFLOW_OPERATOR_KUEUE_QUEUE_NAME");
  }

  /**
   * The component's LocalQueue is in the application's namespace and points at the example
   * ClusterQueue, which takes Jobs from that namespace, names an existing flavor, and has quota for
   * as many extraction pods as the built-in cap would run (the operator's requests per pod).
   */
  @Test
  void theComponentsLocalQueueAndTheExampleClusterQueueFitTogether() {
    Manifests app = devWithKueue();
    Map<String, String> config = PlatformBoundariesTest.operatorConfig(app);
    String queue = config.get("FRAMEFLOW_OPERATOR_KUEUE_QUEUE_NAME");
    Map<String, Object> localQueue = PlatformBoundariesTest.asMap(app.one("LocalQueue", queue));
    assertThat(namespaceOf(localQueue)).isEqualTo("frameflow");

    Manifests cluster = Kustomize.build(Repository.path("kustomize/components/kueue/cluster"));
    HasMetadata clusterQueue =
        cluster.one("ClusterQueue", (String) spec(localQueue).get("clusterQueue"));
    assertThat(clusterQueue.getMetadata().getNamespace()).as("cluster-scoped").isNull();
    Map<String, Object> cq = spec(PlatformBoundariesTest.asMap(clusterQueue));
    assertThat(cq.toString()).contains("kubernetes.io/metadata.name=frameflow");

    @SuppressWarnings("unchecked")
    Map<String, Object> flavor =
        ((List<Map<String, Object>>)
                ((List<Map<String, Object>>) cq.get("resourceGroups")).get(0).get("flavors"))
            .get(0);
    assertThat(cluster.one("ResourceFlavor", (String) flavor.get("name"))).isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, String> quota = new HashMap<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) flavor.get("resources")) {
      quota.put((String) r.get("name"), String.valueOf(r.get("nominalQuota")));
    }
    int cap = Integer.parseInt(config.get("FRAMEFLOW_OPERATOR_MAX_CONCURRENT_JOBS"));
    assertThat(cap).isPositive();
    for (String resource : List.of("cpu", "memory")) {
      BigDecimal perPod =
          Quantity.getAmountInBytes(
              new Quantity(
                  config.get("FRAMEFLOW_OPERATOR_RESOURCES_REQUESTS_" + resource.toUpperCase())));
      BigDecimal nominal = Quantity.getAmountInBytes(new Quantity(quota.get(resource)));
      assertThat(nominal)
          .as("%s quota for the example's 8 pods (dev runs %d)", resource, cap)
          .isGreaterThanOrEqualTo(perPod.multiply(BigDecimal.valueOf(Math.max(cap, 8))));
    }
  }

  @Test
  void theComponentTurnsItOnInTheOperatorAndThePolicyAlike() {
    Manifests app = devWithKueue();
    assertThat(PlatformBoundariesTest.operatorConfig(app))
        .containsEntry("FRAMEFLOW_OPERATOR_KUEUE_ENABLED", "true");
    assertThat(app.one(ConfigMap.class, "frameflow-job-policy").getData())
        .containsEntry(
            "kueueQueueName",
            PlatformBoundariesTest.operatorConfig(app).get("FRAMEFLOW_OPERATOR_KUEUE_QUEUE_NAME"));
  }

  private static String namespaceOf(Map<String, Object> object) {
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    return (String) metadata.get("namespace");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> object) {
    return (Map<String, Object>) object.get("spec");
  }
}
