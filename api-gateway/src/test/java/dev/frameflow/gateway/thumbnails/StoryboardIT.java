package dev.frameflow.gateway.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.FrameZips;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.WebFeatureTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The storyboard's WebVTT index and sprites, each read by range from the ZIP in S3. */
class StoryboardIT extends WebFeatureTest {

  static final String VTT =
      """
      WEBVTT

      1
      00:00:00.000 --> 00:00:10.000
      sprite.jpg#xywh=0,0,160,90

      2
      00:00:10.000 --> 00:00:12.000
      sprite.jpg#xywh=160,0,160,90
      """;

  @Test
  void aVideoExtractedWithAStoryboardServesItsIndexAndSpriteFromTheZip() throws Exception {
    String token = login(newUser());
    byte[] sprite = jpeg(320, 90);
    UUID videoId =
        succeededVideo(
            token, new Multipart().field("storyboard", "true"), withStoryboard(sprite), 1);
    String base = "/api/videos/" + videoId + "/storyboard/";

    HttpResponse<byte[]> index = getBytes(base + "storyboard.vtt", token);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(new String(index.body(), StandardCharsets.UTF_8)).isEqualTo(VTT);
    assertThat(index.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/vtt"));
    assertThat(index.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(c -> assertThat(c).contains("private").contains("immutable"));

    HttpResponse<byte[]> image = getBytes(base + "sprite.jpg", token);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(image.body()).isEqualTo(sprite);

    // only the storyboard's own files, and only to the owner
    assertProblem(get(base + "sprite-2.jpg", token), 404);
    assertProblem(get(base + "manifest.json", token), 404);
    assertProblem(get(base + "storyboard.vtt", login(newUser())), 404);
    assertThat(get(base + "storyboard.vtt", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aVideoWithoutAStoryboardOrNotFinishedHasNone() {
    String token = login(newUser());
    UUID plain = succeededVideo(token, FrameZips.frames(2, 100, 50), 2);
    assertProblem(get("/api/videos/" + plain + "/storyboard/storyboard.vtt", token), 404);
    UUID queued = uploadVideo(token);
    assertProblem(get("/api/videos/" + queued + "/storyboard/storyboard.vtt", token), 409);
  }

  /** A ZIP as the extractor writes one with a storyboard: a frame, the VTT, the sprite. */
  private static byte[] withStoryboard(byte[] sprite) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      stored(zip, "frame-000001-0.000s.jpg", sprite);
      zip.putNextEntry(new ZipEntry("storyboard/storyboard.vtt"));
      zip.write(VTT.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      stored(zip, "storyboard/sprite.jpg", sprite);
      zip.putNextEntry(new ZipEntry("manifest.json"));
      zip.write("{\"frameCount\": 1}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static byte[] jpeg(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg", out);
    return out.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  private HttpResponse<byte[]> getBytes(String path, String token) {
    try {
      return http.send(
          HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
