package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.testing.TestVideos;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Past the replica's upload slots: 503; past a user's own limits: 429; always Retry-After. */
class UploadAdmissionIT extends LimitedGatewayTest {

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
  }

  @Test
  void aFullReplicaAnswers503AndAUserBusyUploadingAnswers429() throws Exception {
    String holder = login(newUser());
    String other = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    Multipart multipart = new Multipart().file("slow.mp4", clip);
    byte[] body = multipart.build();
    // the holder sends half its body and waits: its upload keeps the only slot
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + holder
                  + "\r\nContent-Type: "
                  + multipart.contentType()
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(1000); // the server is reading the first half by now

      assertRefused(upload(other, new Multipart().file("c.mp4", clip)), 503, "server-busy");
      assertRefused(
          upload(holder, new Multipart().file("c.mp4", clip)), 429, "too-many-uploads-in-flight");
      // a URL import and a tus PATCH hold a part buffer too: they wait for the same slots
      assertRefused(
          postJson(
              "/api/videos/import",
              "{\"url\":\"https://videos.example.org/a.mp4\"}",
              "Authorization",
              "Bearer " + other),
          503,
          "server-busy");
      String location = createTusUpload(other, clip.length);
      assertRefused(patchTus(location, other, clip), 503, "server-busy");
      String holders = createTusUpload(holder, clip.length);
      assertRefused(patchTus(holders, holder, clip), 429, "too-many-uploads-in-flight");
      // each holds an open S3 multipart upload: terminated, so that tests counting the bucket's
      // open multipart uploads (UploadLimitsIT) do not see them, whatever the order of classes
      terminateTus(location, other);
      terminateTus(holders, holder);

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 202");
    }
    // the slot is free again, and the service is healthy
    assertThat(upload(other, new Multipart().file("c.mp4", clip)).statusCode()).isEqualTo(202);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
  }

  private void terminateTus(String location, String token) {
    HttpResponse<String> terminated =
        send(
            java.net.http.HttpRequest.newBuilder(url(location))
                .header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build());
    assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(204);
  }

  private String createTusUpload(String token, long length) {
    HttpResponse<String> created =
        send(
            java.net.http.HttpRequest.newBuilder(url("/api/uploads"))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.headers().firstValue("Location").orElseThrow();
  }

  private HttpResponse<String> patchTus(String location, String token, byte[] bytes) {
    return send(
        java.net.http.HttpRequest.newBuilder(url(location))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/offset+octet-stream")
            .header("Authorization", "Bearer " + token)
            .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build());
  }

  @Test
  void queuedVideosAndDailyBytesArePerUserLimits() {
    String token = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    for (int i = 0; i < 2; i++) {
      assertThat(upload(token, new Multipart().file("c.mp4", clip)).statusCode()).isEqualTo(202);
    }
    assertRefused(
        upload(token, new Multipart().file("c.mp4", clip)), 429, "too-many-queued-videos");

    // a declared body larger than what is left of the day's 1MB is refused before it is read
    String fresh = login(newUser());
    byte[] big = new byte[1_200_000];
    System.arraycopy(clip, 0, big, 0, clip.length);
    assertRefused(upload(fresh, new Multipart().file("big.mp4", big)), 429, "daily-upload-quota");
  }
}
