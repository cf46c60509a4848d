package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * What the internet may reach through the api-gateway's Ingress: the API, its key set and its
 * documentation, never {@code /actuator} (metrics and probes are for the cluster only).
 */
final class PublicRoutes {

  static final List<String> PUBLIC_PREFIXES =
      List.of("/api", "/.well-known", "/v3/api-docs", "/swagger-ui", "/swagger-ui.html");

  private PublicRoutes() {}

  /**
   * The ALB Terraform prepares: HTTPS only, with the certificate and the one security group open to
   * the internet (outputs certificate_arn and alb_security_group_id, docs/delivery.md).
   */
  static void assertTheAlbIsTerraformsHttpsOnlyOne(Ingress ingress) {
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]")
        .containsKey("alb.ingress.kubernetes.io/certificate-arn")
        .hasEntrySatisfying(
            "alb.ingress.kubernetes.io/security-groups", sg -> assertThat(sg).startsWith("sg-"));
  }

  static void assertOnlyThePublicApiIsRouted(Ingress ingress) {
    List<HTTPIngressPath> paths =
        ingress.getSpec().getRules().stream()
            .flatMap(rule -> rule.getHttp().getPaths().stream())
            .toList();
    assertThat(paths).isNotEmpty();
    assertThat(paths)
        .allSatisfy(
            path -> {
              assertThat(path.getPath()).isIn(PUBLIC_PREFIXES);
              assertThat(path.getPathType()).isIn("Prefix", "Exact");
              assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
    assertThat(paths)
        .extracting(HTTPIngressPath::getPath)
        .as("/actuator is neither routed nor covered by a catch-all prefix")
        .noneMatch(p -> "/actuator/prometheus".startsWith(p + "/") || p.equals("/"));
  }
}
