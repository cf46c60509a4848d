package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Importing from a URL: fetched from a local server (the test configuration allows exactly
 * 127.0.0.1), stored and queued like an upload; internal addresses, redirects to them, oversized
 * and missing files refused with problem JSON saying why.
 */
class VideoImportIT extends GatewayIntegrationTest {

  private static final int MB = 1024 * 1024;
  private final S3Client s3 = TestServers.get().s3Client();
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve("/clip.mp4", TestVideos.oneSecond("mp4"));
    byte[] big = Arrays.copyOf(TestVideos.oneSecond("mp4"), 13 * MB);
    serve("/big.mp4", big);
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/clip.mp4");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/to-metadata",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void aVideoAtAUrlIsStoredAndQueuedLikeAnUpload() {
    String token = login(newUser());
    HttpResponse<String> response =
        importUrl(token, base() + "/moved", "{\"intervalSeconds\": 0.5, \"format\": \"png\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode view = body(response).get("videos").get(0);
    UUID videoId = UUID.fromString(view.get("id").asString());
    assertThat(view.get("status").asString()).isEqualTo("QUEUED");
    assertThat(view.get("originalFilename").asString()).isEqualTo("clip.mp4");

    byte[] stored =
        s3.getObjectAsBytes(
                b -> b.bucket(TestServers.UPLOAD_BUCKET).key(VideoService.sourceKey(videoId)))
            .asByteArray();
    assertThat(stored).isEqualTo(TestVideos.oneSecond("mp4"));
    List<JsonNode> published = takeFromProbeFor(videoId, 1, Duration.ofSeconds(10));
    assertThat(published).hasSize(1);
    assertThat(published.get(0).get("extraction").get("intervalSeconds").asDouble()).isEqualTo(0.5);
  }

  @Test
  void aRepeatWithTheSameIdempotencyKeyGetsTheFirstAnswerAndNoSecondVideo() {
    String token = login(newUser());
    String body = "{\"url\": \"" + base() + "/clip.mp4\"}";
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first =
        postJson(
            "/api/videos/import", body, "Authorization", "Bearer " + token, "Idempotency-Key", key);
    HttpResponse<String> again =
        postJson(
            "/api/videos/import", body, "Authorization", "Bearer " + token, "Idempotency-Key", key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(body(again).get("videos").get(0).get("id").asString())
        .isEqualTo(body(first).get("videos").get(0).get("id").asString());
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isEqualTo(1);
  }

  @Test
  void internalAddressesAreRefusedEvenBehindARedirect() {
    String token = login(newUser());
    for (String url :
        List.of(
            "http://10.0.0.1/video.mp4",
            "http://169.254.169.254/latest/meta-data",
            "http://127.0.0.2:" + server.getAddress().getPort() + "/clip.mp4",
            base() + "/to-metadata")) {
      HttpResponse<String> response = importUrl(token, url, null);
      assertThat(response.statusCode()).as(url).isEqualTo(400);
      assertThat(body(response).get("detail").asString()).as(url).startsWith("url is refused");
    }
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  @Test
  void tooLargeMissingAndBadOptionsAreRefused() {
    String token = login(newUser());
    HttpResponse<String> big = importUrl(token, base() + "/big.mp4", null);
    assertThat(big.statusCode()).as(big.body()).isEqualTo(413);

    HttpResponse<String> missing = importUrl(token, base() + "/nothing-here.mp4", null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(body(missing).get("detail").asString()).isEqualTo("the URL answered HTTP 404");

    HttpResponse<String> dense =
        importUrl(token, base() + "/clip.mp4", "{\"intervalSeconds\": 0.005}");
    assertThat(dense.statusCode()).isEqualTo(400);
    assertThat(body(dense).get("errors").get(0).get("field").asString())
        .isEqualTo("extraction.intervalSeconds");
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  private HttpResponse<String> importUrl(String token, String url, String extraction) {
    String body =
        "{\"url\": \""
            + url
            + "\""
            + (extraction == null ? "" : ", \"extraction\": " + extraction)
            + "}";
    return postJson("/api/videos/import", body, "Authorization", "Bearer " + token);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(String path, byte[] content) {
    server.createContext(
        path,
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "video/mp4");
          exchange.sendResponseHeaders(200, content.length);
          exchange.getResponseBody().write(content);
          exchange.close();
        });
  }
}
