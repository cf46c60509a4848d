package dev.frameflow.standalone.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.standalone.StandaloneRuntime;
import dev.frameflow.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames on demand in the standalone mode, rendered in process (no frame-server): the frame at a
 * time is, pixel for pixel, the one the extraction put in its ZIP for {@code timestamps=[time]},
 * and an animated WebP answers too.
 */
class StandaloneFramesIT {

  private static final String TIME = "1.5";

  @TempDir static Path dataDir;

  static StandaloneRuntime runtime;
  static final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  @BeforeAll
  static void startStandaloneMode() {
    runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir, Map.of("frameflow.standalone.workers", 1)));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theFrameAtATimeIsTheZipsPictureForThatTimestamp() throws Exception {
    String token = registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
    String videoId = upload(token, Files.readAllBytes(TestVideos.h264Mp4()));
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> field(get("/api/videos/" + videoId, token).body(), "status").equals("SUCCEEDED"));
    BufferedImage zipped = pngInZip(getBytes("/api/videos/" + videoId + "/download", token).body());

    HttpResponse<byte[]> frame =
        getBytes("/api/videos/" + videoId + "/frame.png?time=" + TIME, token);
    assertThat(frame.statusCode()).isEqualTo(200);
    assertThat(frame.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(frame.headers().firstValue("X-Frame-Time")).hasValue("1.500000");
    assertThat(frame.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{64}\"");
    BufferedImage served = ImageIO.read(new ByteArrayInputStream(frame.body()));

    assertThat(served.getWidth()).isEqualTo(zipped.getWidth());
    assertThat(served.getHeight()).isEqualTo(zipped.getHeight());
    int differing = 0;
    for (int y = 0; y < served.getHeight(); y++) {
      for (int x = 0; x < served.getWidth(); x++) {
        if ((served.getRGB(x, y) & 0xffffff) != (zipped.getRGB(x, y) & 0xffffff)) {
          differing++;
        }
      }
    }
    assertThat(differing).as("pixels that differ from the ZIP's frame").isZero();

    // and the client's copy is still good
    HttpResponse<byte[]> again =
        http.send(
            HttpRequest.newBuilder(url("/api/videos/" + videoId + "/frame.png?time=" + TIME))
                .header("Authorization", "Bearer " + token)
                .header("If-None-Match", frame.headers().firstValue("ETag").orElseThrow())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void anAnimatedWebPOfAFewSecondsAnswers() throws Exception {
    String token = registerAndLogin("bob-" + UUID.randomUUID() + "@example.org");
    String videoId = upload(token, Files.readAllBytes(TestVideos.h264Mp4()));

    HttpResponse<byte[]> webp =
        getBytes("/api/videos/" + videoId + "/animated.webp?start=1&end=3&fps=5", token);
    assertThat(webp.statusCode()).isEqualTo(200);
    assertThat(webp.headers().firstValue("Content-Type")).hasValue("image/webp");
    assertThat(new String(webp.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
  }

  /** The one PNG frame of a {@code timestamps=[TIME]} ZIP. */
  private static BufferedImage pngInZip(byte[] zip) throws Exception {
    try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        if (entry.getName().endsWith(".png") && entry.getName().startsWith("frame-")) {
          return ImageIO.read(new ByteArrayInputStream(entries.readAllBytes()));
        }
      }
    }
    throw new AssertionError("no PNG frame in the ZIP");
  }

  // ---- the REST API, as a client uses it ----

  private static String registerAndLogin(String email) throws Exception {
    String credentials =
        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}";
    assertThat(post("/api/auth/register", credentials).statusCode()).isEqualTo(202);
    HttpResponse<String> login =
        post(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return field(login.body(), "accessToken");
  }

  /** Uploads for {@code timestamps=[TIME]} as PNG. */
  private static String upload(String token, byte[] video) throws Exception {
    String boundary = "frames-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.write(video);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url("/api/videos?timestamps=" + TIME + "&format=png"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return field(response.body(), "id");
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> getBytes(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
  }

  /** The first string value of the field in the JSON text. */
  private static String field(String json, String name) {
    Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(value.find()).as(name + " in " + json).isTrue();
    return value.group(1);
  }
}
