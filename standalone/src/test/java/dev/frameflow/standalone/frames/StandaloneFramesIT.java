package dev.frameflow.standalone.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.standalone.StandaloneApiClient;
import dev.frameflow.standalone.StandaloneRuntime;
import dev.frameflow.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
  private static final String TIMESTAMP_AS_PNG = "?timestamps=" + TIME + "&format=png";

  @TempDir static Path dataDir;

  static StandaloneRuntime runtime;
  static StandaloneApiClient api;

  @BeforeAll
  static void startStandaloneMode() {
    runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir, Map.of("frameflow.standalone.workers", 1)));
    api = new StandaloneApiClient(runtime);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theFrameAtATimeIsTheZipsPictureForThatTimestamp() throws Exception {
    String token = api.registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
    String videoId = api.upload(token, Files.readAllBytes(TestVideos.h264Mp4()), TIMESTAMP_AS_PNG);
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                StandaloneApiClient.field(api.get("/api/videos/" + videoId, token).body(), "status")
                    .equals("SUCCEEDED"));
    BufferedImage zipped =
        pngInZip(api.getBytes("/api/videos/" + videoId + "/download", token).body());

    HttpResponse<byte[]> frame =
        api.getBytes("/api/videos/" + videoId + "/frame.png?time=" + TIME, token);
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
        api.send(
            HttpRequest.newBuilder(api.url("/api/videos/" + videoId + "/frame.png?time=" + TIME))
                .header("Authorization", "Bearer " + token)
                .header("If-None-Match", frame.headers().firstValue("ETag").orElseThrow())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void anAnimatedWebPOfAFewSecondsAnswers() throws Exception {
    String token = api.registerAndLogin("bob-" + UUID.randomUUID() + "@example.org");
    String videoId = api.upload(token, Files.readAllBytes(TestVideos.h264Mp4()), TIMESTAMP_AS_PNG);

    HttpResponse<byte[]> webp =
        api.getBytes("/api/videos/" + videoId + "/animated.webp?start=1&end=3&fps=5", token);
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
}
