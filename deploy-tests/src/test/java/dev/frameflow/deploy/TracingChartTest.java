package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's OTLP endpoint ({@code tracing.otlpEndpoint}): off by default; set, the api-gateway
 * and the operator export to its {@code /v1/traces}, the operator's Jobs' pods to it, and the
 * operator's and the extractor pods' NetworkPolicies let them reach the collector, and nothing
 * more.
 */
class TracingChartTest {

  static final String ENDPOINT = "http://otel-collector.observability:4318";
  static final String EXPORT = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";
  static final String JOBS = "FRAMEFLOW_OPERATOR_TRACING_JOB_OTLP_ENDPOINT";

  private final Manifests defaults = HelmCharts.template("frameflow", Map.of());
  private final Manifests traced =
      HelmCharts.template("frameflow", Map.of("tracing.otlpEndpoint", ENDPOINT + "/"));

  @Test
  void byDefaultNothingIsExportedAndNoPolicyOpensThePort() {
    for (String name : List.of("frameflow-api-gateway", "frameflow-operator")) {
      assertThat(defaults.one(ConfigMap.class, name).getData()).doesNotContainKeys(EXPORT, JOBS);
    }
    assertThat(otlpRules(defaults, "frameflow-operator")).isEmpty();
    assertThat(otlpRules(defaults, "frameflow-extractor")).isEmpty();
    assertThat(otlpRules(defaults, "frameflow-frame-server")).isEmpty();
    assertThat(FrameServerDeploymentTest.container(defaults).getEnv())
        .extracting(e -> e.getName())
        .doesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  @Test
  void anEndpointIsExportedToByBothServicesAndTheJobsAndReachableThroughThePolicies() {
    assertThat(traced.one(ConfigMap.class, "frameflow-api-gateway").getData())
        .containsEntry(EXPORT, ENDPOINT + "/v1/traces");
    assertThat(traced.one(ConfigMap.class, "frameflow-operator").getData())
        .containsEntry(EXPORT, ENDPOINT + "/v1/traces")
        .containsEntry(JOBS, ENDPOINT);
    assertThat(FrameServerDeploymentTest.container(traced).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("OTEL_EXPORTER_OTLP_ENDPOINT=" + ENDPOINT, "OTEL_SERVICE_NAME=frame-server");
    for (String policy :
        List.of("frameflow-operator", "frameflow-extractor", "frameflow-frame-server")) {
      assertThat(otlpRules(traced, policy))
          .as(policy)
          .singleElement()
          .satisfies(
              rule ->
                  assertThat(rule.getTo())
                      .allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull()));
    }
  }

  private static List<NetworkPolicyEgressRule> otlpRules(Manifests manifests, String name) {
    return manifests.one(NetworkPolicy.class, name).getSpec().getEgress().stream()
        .filter(
            rule ->
                rule.getPorts() != null
                    && rule.getPorts().stream()
                        .map(NetworkPolicyPort::getPort)
                        .anyMatch(p -> p != null && Integer.valueOf(4318).equals(p.getIntVal())))
        .toList();
  }
}
