package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.testing.TestVideos;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Idempotent uploads, all-or-nothing registration and what a malformed or slow body gets. */
class UploadGuardsIT extends GatewayIntegrationTest {

  @Autowired JdbcClient jdbc;

  private HttpResponse<String> uploadWithKey(String token, String key, Multipart multipart) {
    return send(
        HttpRequest.newBuilder(url("/api/videos"))
            .header("Content-Type", multipart.contentType())
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
            .build());
  }

  private long videosOf(String token) {
    return body(get("/api/videos", token)).get("totalElements").asLong();
  }

  @Test
  void theSameIdempotencyKeyGivesTheSameAnswerAndNoSecondVideo() {
    String token = login(newUser());
    String key = UUID.randomUUID().toString();
    Multipart clip =
        new Multipart().field("fps", "1").file("clip.mp4", TestVideos.oneSecond("mp4"));

    HttpResponse<String> first = uploadWithKey(token, key, clip);
    HttpResponse<String> retry = uploadWithKey(token, key, clip);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(body(retry)).isEqualTo(body(first));
    assertThat(retry.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(videosOf(token)).isEqualTo(1);

    // another key is another upload; another user's identical key is theirs alone
    assertThat(uploadWithKey(token, UUID.randomUUID().toString(), clip).statusCode())
        .isEqualTo(202);
    assertThat(videosOf(token)).isEqualTo(2);
    String other = login(newUser());
    HttpResponse<String> theirs = uploadWithKey(other, key, clip);
    assertThat(theirs.statusCode()).isEqualTo(202);
    assertThat(body(theirs).get("videos").get(0).get("id"))
        .isNotEqualTo(body(first).get("videos").get(0).get("id"));
  }

  @Test
  void aKeyReusedForAnotherRequestIs422AndNeverAnswersWithTheFirstRequestsAnswer() {
    String token = login(newUser());
    String key = UUID.randomUUID().toString();
    Multipart clip = new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4"));
    assertThat(uploadWithKey(token, key, clip).statusCode()).isEqualTo(202);

    // another file with the key
    assertKeyReused(
        uploadWithKey(token, key, new Multipart().file("other.mkv", TestVideos.oneSecond("mkv"))));
    // the same file with other options in the query string
    assertKeyReused(
        send(
            HttpRequest.newBuilder(url("/api/videos?fps=5"))
                .header("Content-Type", clip.contentType())
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(clip.build()))
                .build()));
    // another endpoint
    assertKeyReused(
        postJson(
            "/api/videos/import",
            "{\"url\":\"https://videos.example.org/a.mp4\"}",
            "Authorization",
            "Bearer " + token,
            "Idempotency-Key",
            key));
    assertThat(videosOf(token)).isEqualTo(1);
    // the request it was claimed by still gets its answer
    HttpResponse<String> retry = uploadWithKey(token, key, clip);
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
  }

  private void assertKeyReused(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(body(response).get("code").asString()).isEqualTo("idempotency-key-reused");
    assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void aRepeatWhileTheFirstIsStillRunningGets409AndTheFirstStillCounts() throws Exception {
    String token = login(newUser());
    String key = UUID.randomUUID().toString();
    Multipart multipart = new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4"));
    byte[] body = multipart.build();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nIdempotency-Key: "
                  + key
                  + "\r\nContent-Type: "
                  + multipart.contentType()
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(300);

      HttpResponse<String> repeat = uploadWithKey(token, key, multipart);
      assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(409);
      assertThat(body(repeat).get("code").asString()).isEqualTo("idempotency-key-in-use");
      assertThat(repeat.headers().firstValue("Retry-After")).isPresent();

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 202");
    }
    HttpResponse<String> after = uploadWithKey(token, key, multipart);
    assertThat(after.statusCode()).isEqualTo(202);
    assertThat(after.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(videosOf(token)).isEqualTo(1);
  }

  @Test
  void aFailedRequestFreesItsKeyAndAMalformedKeyIsRefused() {
    String token = login(newUser());
    String key = "retry-" + UUID.randomUUID();
    HttpResponse<String> refused =
        uploadWithKey(token, key, new Multipart().file("notes.txt", "not a video".getBytes()));
    assertThat(refused.statusCode()).isEqualTo(415);
    HttpResponse<String> retried =
        uploadWithKey(token, key, new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);

    HttpResponse<String> badKey =
        uploadWithKey(
            token, "x".repeat(300), new Multipart().file("c.mp4", TestVideos.oneSecond("mp4")));
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(body(badKey).get("code").asString()).isEqualTo("invalid-idempotency-key");
  }

  @Test
  void aMultiFileUploadIsRegisteredAllOrNothingAndBadPartHeadersAre400() {
    String token = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    HttpResponse<String> response =
        upload(
            token,
            new Multipart()
                .file("one.mp4", clip)
                .file("two.mp4", clip)
                .file("three.mp4", "video/" + "x".repeat(300), clip));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(body(response).get("code").asString()).isEqualTo("invalid-part-header");
    assertThat(body(response).get("type").asString())
        .isEqualTo("https://frameflow.dev/problems/invalid-part-header");
    assertThat(videosOf(token)).isZero();

    HttpResponse<String> control =
        upload(token, new Multipart().file("a.mp4", "video/\u0001mp4", clip));
    assertThat(control.statusCode()).isEqualTo(400);

    HttpResponse<String> both =
        upload(token, new Multipart().file("one.mp4", clip).file("two.mp4", clip));
    assertThat(both.statusCode()).isEqualTo(202);
    assertThat(body(both).get("videos").size()).isEqualTo(2);
    assertThat(videosOf(token)).isEqualTo(2);
  }

  @Test
  void moreFormBytesThanAllowedAre413() {
    String token = login(newUser());
    // empty file inputs (skipped, as an HTML form sends them) with padded headers
    Multipart fields = new Multipart();
    for (int i = 0; i < 8; i++) {
      fields.file("", "application/octet-stream\r\nX-Padding: " + "y".repeat(10_000), new byte[0]);
    }
    HttpResponse<String> response =
        upload(token, fields.file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(body(response).get("code").asString()).isEqualTo("content-too-large");
  }

  @Test
  void aTrickledBodyIsCutWith408() throws Exception {
    String token = login(newUser());
    String boundary = "trickle-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.mp4\"\r\n"
            + "Content-Type: video/mp4\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nContent-Length: 10000000\r\n\r\n"
                  + head)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      InputStream in = socket.getInputStream();
      byte[] clip = TestVideos.oneSecond("mp4");
      // a few bytes every 100 ms: far below the minimum rate
      for (int i = 0; i < 100 && in.available() == 0; i++) {
        try {
          out.write(clip, i * 8, 8);
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(100);
      }
      String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(answer).isEqualTo("HTTP/1.1 408");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
    assertThat(videosOf(token)).isZero();
  }
}
