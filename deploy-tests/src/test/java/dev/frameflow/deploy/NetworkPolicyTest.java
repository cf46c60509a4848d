package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {

  private final Manifests defaults = HelmCharts.template("frameflow", Map.of());
  private final Manifests production =
      HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES);

  @Test
  void theApiGatewayAcceptsTrafficOnlyFromTheIngressController() {
    NetworkPolicy policy = defaults.one(NetworkPolicy.class, "frameflow-api-gateway");

    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom())
                  .singleElement()
                  .extracting(p -> p.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
              assertThat(rule.getPorts())
                  .extracting(p -> p.getPort())
                  .containsExactly(new IntOrString("http"));
            });
  }

  @Test
  void inProductionOnlyTheAlbSubnetsAndPrometheusMayReachTheApiGateway() {
    List<NetworkPolicyPeer> from =
        production
            .one(NetworkPolicy.class, "frameflow-api-gateway")
            .getSpec()
            .getIngress()
            .get(0)
            .getFrom();

    assertThat(from)
        .filteredOn(p -> p.getIpBlock() != null)
        .extracting(p -> p.getIpBlock().getCidr())
        .as("the ALB's public subnets, not the whole VPC")
        .containsExactlyElementsOf(PlatformBoundariesTest.loadBalancerSubnets("prod"));
    assertThat(from)
        .filteredOn(p -> p.getNamespaceSelector() != null)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "monitoring"));
    assertThat(from).hasSize(4);
  }

  @Test
  void theOperatorReachesOnlyDnsTheApiServerAndRabbitMq() {
    NetworkPolicy policy = defaults.one(NetworkPolicy.class, "frameflow-operator");

    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    // only the extraction Job pods call it, to report progress
    assertThat(policy.getSpec().getIngress())
        .as("only Job pods call the operator")
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("progress"));
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer -> {
                        assertThat(peer.getPodSelector().getMatchExpressions())
                            .singleElement()
                            .satisfies(
                                e -> assertThat(e.getKey()).isEqualTo(MetadataKeys.JOB_NAME));
                        // plain HTTP on this port is accepted because only the namespace's own
                        // Job pods reach it (docs/security.md, item 15c)
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getIpBlock()).isNull();
                      });
            });
    assertThat(egressPorts(policy))
        .containsExactlyInAnyOrder(
            "UDP/53", "TCP/53", "TCP/443", "TCP/6443", "TCP/5671", "TCP/5672");
    assertThat(egressPorts(production.one(NetworkPolicy.class, "frameflow-operator")))
        .containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/5671");
  }

  @Test
  void extractorPodsReachOnlyDnsS3AndTheOperatorsProgressPortAndAcceptNothing() {
    NetworkPolicy policy = defaults.one(NetworkPolicy.class, "frameflow-extractor");

    assertThat(policy.getSpec().getPodSelector().getMatchExpressions())
        .singleElement()
        .satisfies(e -> assertThat(e.getKey()).isEqualTo(MetadataKeys.JOB_NAME));
    assertThat(policy.getSpec().getIngress()).isEmpty();
    assertThat(egressPorts(policy))
        .containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/8081");
    // the defaults cannot know where S3's interface endpoint is: the private ranges, never the
    // internet (nor the metadata service, which is link-local)
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(NetworkPolicyEgressRule::getTo)
        .filteredOn(peer -> peer.getIpBlock() != null)
        .extracting(peer -> peer.getIpBlock().getCidr())
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
  }

  @Test
  void onEksTheExtractorsOnlyWayOutOn443IsTheS3InterfaceEndpointTerraformCreates()
      throws Exception {
    for (String environment : List.of("dev", "prod")) {
      List<String> endpointSubnets = terraformEndpointSubnets(environment);
      assertThat(endpointSubnets).as(environment).hasSize(3);

      NetworkPolicy overlay =
          Kustomize.build(KustomizeOverlaysTest.overlay(environment))
              .one(NetworkPolicy.class, "frameflow-extractor");
      assertThat(httpsPeers(overlay)).as(environment).containsExactlyElementsOf(endpointSubnets);
      assertThat(egressPorts(overlay))
          .as(environment)
          .containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/8081");
    }
    NetworkPolicy chart = production.one(NetworkPolicy.class, "frameflow-extractor");
    assertThat(httpsPeers(chart)).containsExactlyElementsOf(terraformEndpointSubnets("prod"));
  }

  /** The ipBlocks an egress rule on 443 reaches; none may be the whole internet. */
  private static List<String> httpsPeers(NetworkPolicy policy) {
    List<NetworkPolicyPeer> peers =
        policy.getSpec().getEgress().stream()
            .filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 443))
            .flatMap(rule -> rule.getTo().stream())
            .toList();
    assertThat(peers).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull());
    return peers.stream().map(peer -> peer.getIpBlock().getCidr()).toList();
  }

  /** {@code endpoint_subnets} as the environment's root module passes it to the platform. */
  private static List<String> terraformEndpointSubnets(String environment) throws Exception {
    String main =
        java.nio.file.Files.readString(
            Repository.ROOT.resolve("terraform/environments/" + environment + "/main.tf"));
    var matcher =
        java.util.regex.Pattern.compile("endpoint_subnets\\s*=\\s*\\[([^\\]]*)\\]").matcher(main);
    assertThat(matcher.find()).as("endpoint_subnets in %s", environment).isTrue();
    return java.util.regex.Pattern.compile("\"([^\"]+)\"")
        .matcher(matcher.group(1))
        .results()
        .map(m -> m.group(1))
        .toList();
  }

  @Test
  void onKindTheOperatorReachesTheInClusterBrokerAndTheExtractorTheInClusterStore() {
    Manifests dev = Kustomize.build(KustomizeOverlaysTest.overlay("kind"));

    assertThat(podPeers(dev.one(NetworkPolicy.class, "frameflow-operator"), 5672))
        .containsExactly(Map.of(MetadataKeys.NAME, "rabbitmq"));
    assertThat(podPeers(dev.one(NetworkPolicy.class, "frameflow-extractor"), 9000))
        .containsExactly(Map.of(MetadataKeys.NAME, "minio"));
    assertThat(dev.podSpecs().keySet()).contains("Deployment/rabbitmq", "StatefulSet/minio");
    assertThat(dev.one(io.fabric8.kubernetes.api.model.Service.class, "minio").getSpec().getPorts())
        .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(9000));
  }

  /** Pod labels an egress rule on this port may reach. */
  private static List<Map<String, String>> podPeers(NetworkPolicy policy, int port) {
    return policy.getSpec().getEgress().stream()
        .filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
        .flatMap(rule -> rule.getTo().stream())
        .filter(peer -> peer.getPodSelector() != null)
        .map(peer -> peer.getPodSelector().getMatchLabels())
        .toList();
  }

  private static Set<String> egressPorts(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream()
        .flatMap(rule -> rule.getPorts().stream())
        .map(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .collect(Collectors.toSet());
  }
}
