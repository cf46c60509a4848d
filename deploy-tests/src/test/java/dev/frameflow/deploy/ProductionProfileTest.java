package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Production runs the api-gateway with the {@code prod} profile (no OpenAPI document, no Swagger
 * UI), and with a signing key of its own: without one the gateway refuses to start.
 */
class ProductionProfileTest {

  @Test
  void theProdOverlayActivatesTheProdProfileAndMountsTheSigningKey() {
    Manifests prod = Kustomize.build(KustomizeOverlaysTest.overlay("prod"));
    Map<String, String> config =
        prod.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().startsWith("frameflow-api-gateway"))
            .findFirst()
            .orElseThrow()
            .getData();
    assertThat(config).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(config.get("FRAMEFLOW_JWT_PRIVATE_KEY_FILE")).isNotBlank();
  }

  @Test
  void theProdChartValuesActivateTheProdProfileAndMountTheSigningKey() {
    Manifests prod = HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES);
    assertThat(KustomizeOverlaysTest.container(prod, "frameflow-api-gateway").getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("SPRING_PROFILES_ACTIVE", "prod"));
    assertThat(
            prod.all(ConfigMap.class).stream()
                .filter(c -> c.getData() != null)
                .anyMatch(c -> c.getData().containsKey("FRAMEFLOW_JWT_PRIVATE_KEY_FILE")))
        .isTrue();
  }
}
