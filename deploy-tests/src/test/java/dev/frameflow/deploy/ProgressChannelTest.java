package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Extraction pods report progress to the operator on port 8081 (docs/architecture.md, "Live
 * progress"): what every deployment renders must let exactly that through, and point the Jobs at
 * the operator's Service.
 */
class ProgressChannelTest {

  static Stream<Arguments> deployments() {
    return Stream.of(
        Arguments.of("kustomize kind", Kustomize.build(KustomizeOverlaysTest.overlay("kind"))),
        Arguments.of("kustomize dev", Kustomize.build(KustomizeOverlaysTest.overlay("dev"))),
        Arguments.of("kustomize prod", Kustomize.build(KustomizeOverlaysTest.overlay("prod"))),
        Arguments.of(
            "helm prod",
            HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void extractionPodsReachTheOperatorsProgressPortAndNothingElseOfIt(
      String name, Manifests manifests) {
    ConfigMap config =
        manifests.all(ConfigMap.class).stream()
            .filter(
                c ->
                    c.getData() != null
                        && c.getData().containsKey("FRAMEFLOW_OPERATOR_PROGRESS_URL"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(name + ": no FRAMEFLOW_OPERATOR_PROGRESS_URL"));
    URI url = URI.create(config.getData().get("FRAMEFLOW_OPERATOR_PROGRESS_URL"));
    Service operator = manifests.one(Service.class, url.getHost());
    assertThat(operator.getSpec().getPorts())
        .as(name + ": the operator Service serves the progress port")
        .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(url.getPort()));
    assertThat(url.getPort()).isEqualTo(8081);

    NetworkPolicy extractor =
        manifests.all(NetworkPolicy.class).stream()
            .filter(p -> p.getMetadata().getName().endsWith("-extractor"))
            .findFirst()
            .orElseThrow();
    assertThat(extractor.getSpec().getEgress())
        .as(name + ": extractor egress to the operator, port 8081 only")
        .anySatisfy(
            rule -> {
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString(8081)));
              assertThat(rule.getTo())
                  .singleElement()
                  .satisfies(peer -> assertThat(selectsOperator(peer)).isTrue());
            });

    NetworkPolicy operatorPolicy =
        manifests.all(NetworkPolicy.class).stream()
            .filter(p -> p.getMetadata().getName().endsWith("-operator"))
            .findFirst()
            .orElseThrow();
    assertThat(operatorPolicy.getSpec().getIngress())
        .as(name + ": the operator admits Job pods on 8081")
        .anySatisfy(
            rule -> {
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(
                      p ->
                          assertThat(
                                  p.getPort().getIntVal() != null
                                      ? p.getPort().getIntVal() == 8081
                                      : "progress".equals(p.getPort().getStrVal()))
                              .isTrue());
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer ->
                          assertThat(peer.getPodSelector().getMatchExpressions())
                              .anySatisfy(
                                  e -> assertThat(e.getKey()).isEqualTo(MetadataKeys.JOB_NAME)));
            });
  }

  private static boolean selectsOperator(NetworkPolicyPeer peer) {
    return peer.getPodSelector() != null
        && peer.getPodSelector().getMatchLabels() != null
        && peer.getPodSelector().getMatchLabels().values().contains("operator");
  }
}
