package dev.frameflow.gateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The page and its files need no sign-in, and come with a same-origin-only security policy. */
class PageServedIT extends GatewayIntegrationTest {

  @Test
  void thePageIsServedAtTheRootWithAStrictContentSecurityPolicy() {
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<main id=\"main\"").contains("/app/main.js");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline"));

    for (String file :
        new String[] {
          "main.js",
          "session.js",
          "upload.js",
          "videos.js",
          "ui.js",
          "scrub.js",
          "frame-dialog.js",
          "frame-urls.js"
        }) {
      HttpResponse<String> script = get("/app/" + file, null);
      assertThat(script.statusCode()).as(file).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
      assertThat(script.body()).doesNotContain("localStorage.setItem");
    }
    assertThat(get("/app/app.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void theApiDocumentsTheNewEndpoints() {
    String docs = get("/v3/api-docs", null).body();
    assertThat(docs)
        .contains("/api/videos/events")
        .contains("text/event-stream")
        .contains("/api/videos/{id}/thumbnails")
        .contains("/api/videos/{id}/download/signed")
        .contains("/api/session/refresh");
  }

  @Test
  void otherPathsOutsideTheApiStillNeedAToken() {
    assertThat(get("/anything-else", null).statusCode()).isEqualTo(401);
  }
}
