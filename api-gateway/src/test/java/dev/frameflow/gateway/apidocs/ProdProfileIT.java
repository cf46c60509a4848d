package dev.frameflow.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/** The prod profile serves no API documentation (ApiDocsIT: the default serves it). */
@ActiveProfiles("prod")
class ProdProfileIT extends GatewayIntegrationTest {

  @Test
  void openApiDocumentAndSwaggerUiAreOff() {
    assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(404);
    assertThat(get("/swagger-ui.html", null).statusCode()).isEqualTo(404);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
  }
}
