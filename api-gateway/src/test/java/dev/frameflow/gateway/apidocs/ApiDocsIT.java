package dev.frameflow.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Without the prod profile (tests, standalone) the API documentation is served. */
class ApiDocsIT extends GatewayIntegrationTest {

  @Test
  void openApiDocumentIsServedAndDescribesTheIdempotencyKey() {
    HttpResponse<String> docs = get("/v3/api-docs", null);
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("\"/api/videos\"").contains("Idempotency-Key");
    assertThat(docs.body()).contains("\"/api/keys\"").contains("\"/api/auth/refresh\"");
  }
}
