package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Upload limits (the test configuration allows 12 MB per file, 5 MB parts): size, content, several
 * files, and what a broken-off upload leaves behind (nothing).
 */
class UploadLimitsIT extends GatewayIntegrationTest {

  private static final int MB = 1024 * 1024;

  @Autowired JdbcClient jdbc;
  private final S3Client s3 = TestServers.get().s3Client();

  @Test
  void everySupportedContainerIsAcceptedByItsBytes() {
    String token = login(newUser());
    for (String extension : List.of("mp4", "mov", "mkv", "webm", "avi", "ts")) {
      // a misleading name must not matter: only the bytes do
      HttpResponse<String> response =
          upload(token, new Multipart().file("video.txt", TestVideos.oneSecond(extension)));
      assertThat(response.statusCode()).as(extension + ": " + response.body()).isEqualTo(202);
    }
  }

  @Test
  void somethingThatIsNotAVideoIs415AndLeavesNothing() {
    String token = login(newUser());
    long before = objectCount();
    HttpResponse<String> response =
        upload(
            token,
            new Multipart()
                .file("holiday.mp4", "just some text pretending".getBytes(StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(body(response).get("detail").asString()).contains("holiday.mp4");
    assertThat(objectCount()).isEqualTo(before);
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();

    HttpResponse<String> notMultipart =
        send(
            HttpRequest.newBuilder(url("/api/videos"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestVideos.oneSecond("mp4")))
                .build());
    assertThat(notMultipart.statusCode()).isEqualTo(415);
  }

  @Test
  void aFileOverTheLimitIs413AndNothingIsKept() {
    String token = login(newUser());
    long before = objectCount();
    byte[] big = paddedMp4(13 * MB);
    HttpResponse<String> response = upload(token, new Multipart().file("big.mp4", big));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(body(response).get("detail").asString()).contains("12MB");
    await().atMost(Duration.ofSeconds(5)).until(() -> openMultipartUploads() == 0);
    assertThat(objectCount()).isEqualTo(before);
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  @Test
  void aFileUnderTheLimitButLargerThanAPartIsStoredWhole() {
    String token = login(newUser());
    byte[] content = paddedMp4(11 * MB + 123);
    HttpResponse<String> response = upload(token, new Multipart().file("eleven.mp4", content));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    UUID id = UUID.fromString(body(response).get("videos").get(0).get("id").asString());
    byte[] stored =
        s3.getObjectAsBytes(
                b -> b.bucket(TestServers.UPLOAD_BUCKET).key("videos/" + id + "/source"))
            .asByteArray();
    assertThat(stored).isEqualTo(content);
  }

  @Test
  void severalFilesInOneRequestBecomeSeveralVideosWithTheSameOptions() {
    String token = login(newUser());
    purgeProbe();
    HttpResponse<String> response =
        upload(
            token,
            new Multipart()
                .field("fps", "2.5")
                .field("maxFrames", "10")
                .file("one.mp4", TestVideos.oneSecond("mp4"))
                .file("two.mkv", TestVideos.oneSecond("mkv"))
                .file("three.avi", TestVideos.oneSecond("avi")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode videos = body(response).get("videos");
    assertThat(videos).hasSize(3);
    assertThat(videos.get(1).get("originalFilename").asString()).isEqualTo("two.mkv");
    assertThat(videos.get(1).get("container").asString()).isEqualTo("MATROSKA");
    assertThat(videos.get(2).get("options").get("fps").asDouble()).isEqualTo(2.5);
    assertThat(videos.get(2).get("options").get("maxFrames").asInt()).isEqualTo(10);
    for (JsonNode video : videos) {
      UUID id = UUID.fromString(video.get("id").asString());
      assertThat(takeFromProbeFor(id, 1, Duration.ofSeconds(10))).hasSize(1);
    }
  }

  @Test
  void oneBadFileRefusesTheWholeRequestAndRemovesWhatWasStored() {
    String token = login(newUser());
    long before = objectCount();
    HttpResponse<String> response =
        upload(
            token,
            new Multipart()
                .file("good.mp4", TestVideos.oneSecond("mp4"))
                .file("bad.bin", new byte[2048]));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(objectCount()).isEqualTo(before);
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  @Test
  void badOptionsAre400() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mp4");
    assertThat(
            upload(
                    token,
                    new Multipart()
                        .field("fps", "1")
                        .field("intervalSeconds", "2")
                        .file("a.mp4", video))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            upload(token, new Multipart().field("format", "gif").file("a.mp4", video)).statusCode())
        .isEqualTo(400);
    assertThat(
            upload(token, new Multipart().field("quality", "99").file("a.mp4", video)).statusCode())
        .isEqualTo(400);
    assertThat(
            upload(token, new Multipart().field("colour", "red").file("a.mp4", video)).statusCode())
        .isEqualTo(400);
    assertThat(upload(token, new Multipart().field("fps", "1")).statusCode()).isEqualTo(400);
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  @Test
  void anUploadCutOffMidStreamLeavesNoRowNoObjectAndNoOpenMultipartUpload() throws Exception {
    String email = newUser();
    String token = login(email);
    long objectsBefore = objectCount();
    String boundary = "----cut-off-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] video = paddedMp4(11 * MB);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/videos HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nContent-Length: "
                  + (head.length + video.length + 100)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      // more than one 5 MB part, so a multipart upload is under way when the client vanishes
      out.write(video, 0, 7 * MB);
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> openMultipartUploads() > 0);
    } // closed without sending the rest
    await().atMost(Duration.ofSeconds(30)).until(() -> openMultipartUploads() == 0);
    assertThat(objectCount()).isEqualTo(objectsBefore);
    assertThat(
            jdbc.sql(
                    "select count(*) from video v join app_user u on u.id = v.owner_id"
                        + " where u.email = ?")
                .param(email)
                .query(Long.class)
                .single())
        .isZero();
  }

  /** A valid MP4 header padded with zeros to {@code size} bytes (content is irrelevant here). */
  private static byte[] paddedMp4(int size) {
    byte[] mp4 = TestVideos.oneSecond("mp4");
    byte[] padded = Arrays.copyOf(mp4, size);
    for (int i = mp4.length; i < size; i++) {
      padded[i] = (byte) (i * 31);
    }
    return padded;
  }

  private long objectCount() {
    return s3.listObjectsV2Paginator(b -> b.bucket(TestServers.UPLOAD_BUCKET)).contents().stream()
        .count();
  }

  private int openMultipartUploads() {
    return s3.listMultipartUploads(b -> b.bucket(TestServers.UPLOAD_BUCKET)).uploads().size();
  }
}
