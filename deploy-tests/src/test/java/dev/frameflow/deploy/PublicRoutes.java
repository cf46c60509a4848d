package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * What the internet may reach through the api-gateway's Ingress: the web page ({@code /} exactly,
 * and its assets), the API, its key set and its documentation, never {@code /actuator} (metrics and
 * probes are for the cluster only).
 */
final class PublicRoutes {

  static final List<String> PUBLIC_PREFIXES =
      List.of(
          "/api",
          "/.well-known",
          "/v3/api-docs",
          "/swagger-ui",
          "/swagger-ui.html",
          "/app",
          "/favicon.svg");

  /** Routed only as an exact path: as a prefix it would reach everything, /actuator included. */
  static final String PAGE = "/";

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
              if (PAGE.equals(path.getPath())) {
                assertThat(path.getPathType())
                    .as("the page is routed as / exactly")
                    .isEqualTo("Exact");
              } else {
                assertThat(path.getPath()).isIn(PUBLIC_PREFIXES);
                assertThat(path.getPathType()).isIn("Prefix", "Exact");
              }
              assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
    assertThat(paths)
        .extracting(HTTPIngressPath::getPath)
        .as("/actuator is neither routed nor covered by a catch-all prefix")
        .noneMatch(p -> "/actuator/prometheus".startsWith(p + "/"));
    assertThat(paths)
        .as("/actuator is not covered by a catch-all / prefix")
        .noneMatch(p -> PAGE.equals(p.getPath()) && !"Exact".equals(p.getPathType()));
    assertThat(paths)
        .as("the web page and its assets are routed")
        .anySatisfy(
            p -> {
              assertThat(p.getPath()).isEqualTo(PAGE);
              assertThat(p.getPathType()).isEqualTo("Exact");
            })
        .anySatisfy(p -> assertThat(p.getPath()).isEqualTo("/app"));
  }
}
