package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kustomize side of the chart's {@code tracing.otlpEndpoint} (TracingChartTest):
 * kustomize/components/tracing sets the export variables of the api-gateway and the operator and
 * opens 4318 from the operator and the extraction pods to the collector; an overlay without it
 * exports nothing and opens nothing; the kind overlay includes it and runs the collector and Jaeger
 * it exports to.
 */
class KustomizeTracingTest {

  static final String EXPORT = TracingChartTest.EXPORT;
  static final String JOBS = TracingChartTest.JOBS;
  static final String KIND_COLLECTOR = "http://otel-collector.frameflow.svc:4318";

  /** The frame-server exports as the extractor does: the OTLP/HTTP base URL. */
  static final String FRAME_SERVER_EXPORT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /**
   * The pods the policies must let out to the collector: the operator's, a Job's and the
   * frame-server's.
   */
  static final Map<String, Map<String, String>> EXPORTING_PODS =
      Map.of(
          "operator",
          Map.of("app.kubernetes.io/name", "operator"),
          "frame-server",
          Map.of("app.kubernetes.io/name", "frame-server"),
          "extractor",
          Map.of(
              "batch.kubernetes.io/job-name",
              "frameflow-extract-0",
              "app.kubernetes.io/name",
              "frame-extractor"));

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void anOverlayWithoutTheComponentExportsNothingAndOpensNoPort(String env) {
    Manifests manifests = Kustomize.build(KustomizeOverlaysTest.overlay(env));

    for (String config :
        List.of("frameflow-api-gateway", "frameflow-operator", "frameflow-frame-server")) {
      assertThat(KustomizeOverlaysTest.configOf(manifests, config))
          .as(config)
          .doesNotContainKeys(EXPORT, JOBS, FRAME_SERVER_EXPORT);
    }
    assertThat(manifests.all(NetworkPolicy.class))
        .flatExtracting(KustomizeTracingTest::otlpRules)
        .isEmpty();
  }

  @Test
  void theComponentOnAnEksOverlayExportsToItsEndpointThroughTheChartsDefaultPeer()
      throws IOException {
    // prod plus the component, one level up so the repository stays untouched
    Path traced = Repository.path("deploy-tests/target/kustomize-tracing");
    Files.createDirectories(traced);
    Files.writeString(
        traced.resolve("kustomization.yaml"),
        """
        resources: [../../../kustomize/overlays/prod]
        components: [../../../kustomize/components/tracing]
        """);

    Manifests manifests = Kustomize.build(traced);

    String endpoint = "http://otel-collector.observability:4318";
    assertThat(KustomizeOverlaysTest.configOf(manifests, "frameflow-api-gateway"))
        .containsEntry(EXPORT, endpoint + "/v1/traces");
    assertThat(KustomizeOverlaysTest.configOf(manifests, "frameflow-operator"))
        .containsEntry(EXPORT, endpoint + "/v1/traces")
        .containsEntry(JOBS, endpoint)
        .containsAllEntriesOf(prodConfig());
    assertThat(KustomizeOverlaysTest.configOf(manifests, "frameflow-frame-server"))
        .containsEntry(FRAME_SERVER_EXPORT, endpoint);
    EXPORTING_PODS.forEach(
        (component, labels) ->
            assertThat(otlpPeers(manifests, labels))
                .as(component)
                .singleElement()
                .satisfies(
                    peer -> {
                      assertThat(peer.getIpBlock()).isNull();
                      assertThat(peer.getPodSelector()).isNull();
                      assertThat(peer.getNamespaceSelector().getMatchLabels())
                          .isEqualTo(Map.of("frameflow.dev/otlp-collector", "true"));
                    }));
  }

  @Test
  void kindExportsToItsOwnCollectorWhichExportsToJaeger() {
    Manifests kind = Kustomize.build(KustomizeOverlaysTest.overlay("kind"));

    assertThat(KustomizeOverlaysTest.configOf(kind, "frameflow-api-gateway"))
        .containsEntry(EXPORT, KIND_COLLECTOR + "/v1/traces");
    assertThat(KustomizeOverlaysTest.configOf(kind, "frameflow-operator"))
        .containsEntry(EXPORT, KIND_COLLECTOR + "/v1/traces")
        .containsEntry(JOBS, KIND_COLLECTOR);
    assertThat(KustomizeOverlaysTest.configOf(kind, "frameflow-frame-server"))
        .containsEntry(FRAME_SERVER_EXPORT, KIND_COLLECTOR)
        .containsEntry("OTEL_SERVICE_NAME", "frame-server");

    // the operator and the Job pods reach the collector's pods on 4318, and nothing else on 4318
    Map<String, String> collectorPods =
        kind.one(Deployment.class, "otel-collector")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    EXPORTING_PODS.forEach(
        (component, labels) ->
            assertThat(otlpPeers(kind, labels))
                .as(component)
                .singleElement()
                .satisfies(
                    peer -> {
                      assertThat(peer.getIpBlock()).isNull();
                      assertThat(peer.getNamespaceSelector()).isNull();
                      assertThat(collectorPods)
                          .containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
                    }));

    // the endpoint's Service selects the collector and serves OTLP/HTTP on 4318
    Service collector = kind.one(Service.class, "otel-collector");
    assertThat(collectorPods).containsAllEntriesOf(collector.getSpec().getSelector());
    assertThat(collector.getSpec().getPorts()).extracting(ServicePort::getPort).contains(4318);
    assertThat(config(kind, "otel-collector").get("config.yaml"))
        .contains("endpoint: 0.0.0.0:4318")
        .contains("endpoint: jaeger:4317");

    // Jaeger takes OTLP/gRPC from the collector and serves its UI on 16686
    Service jaeger = kind.one(Service.class, "jaeger");
    Map<String, String> jaegerPods =
        kind.one(Deployment.class, "jaeger").getSpec().getTemplate().getMetadata().getLabels();
    assertThat(jaegerPods).containsAllEntriesOf(jaeger.getSpec().getSelector());
    assertThat(jaeger.getSpec().getPorts()).extracting(ServicePort::getPort).contains(4317, 16686);
    Container all =
        kind.one(Deployment.class, "jaeger")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(Images.name(all.getImage())).isEqualTo("jaegertracing/all-in-one");
    Container otel =
        kind.one(Deployment.class, "otel-collector")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(Images.name(otel.getImage())).isEqualTo("otel/opentelemetry-collector");
  }

  private static Map<String, String> prodConfig() {
    return KustomizeOverlaysTest.configOf(
        Kustomize.build(KustomizeOverlaysTest.overlay("prod")), "frameflow-operator");
  }

  private static Map<String, String> config(Manifests manifests, String prefix) {
    return manifests.all(ConfigMap.class).stream()
        .filter(cm -> cm.getMetadata().getName().startsWith(prefix + "-"))
        .findFirst()
        .orElseThrow()
        .getData();
  }

  /** The peers on 4318 of every egress policy selecting pods with these labels. */
  private static List<NetworkPolicyPeer> otlpPeers(
      Manifests manifests, Map<String, String> podLabels) {
    return manifests.all(NetworkPolicy.class).stream()
        .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
        .filter(p -> EgressConformanceTest.matches(p.getSpec().getPodSelector(), podLabels))
        .flatMap(p -> otlpRules(p).stream())
        .flatMap(rule -> rule.getTo().stream())
        .toList();
  }

  private static List<NetworkPolicyEgressRule> otlpRules(NetworkPolicy policy) {
    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    return egress == null
        ? List.of()
        : egress.stream()
            .filter(
                rule ->
                    rule.getPorts() != null
                        && rule.getPorts().stream()
                            .map(NetworkPolicyPort::getPort)
                            .anyMatch(
                                p -> p != null && Integer.valueOf(4318).equals(p.getIntVal())))
            .toList();
  }
}
