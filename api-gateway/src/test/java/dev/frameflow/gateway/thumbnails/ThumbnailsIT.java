package dev.frameflow.gateway.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.gateway.support.FrameZips;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.WebFeatureTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A strip of six evenly spaced frames, read by range from the ZIP in S3 and shrunk. */
class ThumbnailsIT extends WebFeatureTest {

  @Test
  void aFinishedVideoShowsSixEvenlySpacedSmallFramesOfItsZip() throws Exception {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.frames(11, 640, 360), 11);

    HttpResponse<String> strip = get("/api/videos/" + videoId + "/thumbnails", token);
    assertThat(strip.statusCode()).as(strip.body()).isEqualTo(200);
    List<JsonNode> items = body(strip).get("items").valueStream().toList();
    assertThat(items).extracting(i -> i.get("index").asInt()).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(items.get(1).get("name").asString()).isEqualTo("frame-000003-1.000s.jpg");
    assertThat(items.get(1).get("seconds").asDouble()).isEqualTo(1.0);

    for (JsonNode item : items) {
      HttpResponse<byte[]> image = getBytes(item.get("href").asString(), token);
      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
      assertThat(image.headers().firstValue("Cache-Control"))
          .hasValueSatisfying(c -> assertThat(c).contains("private").contains("immutable"));
      BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(image.body()));
      assertThat(thumbnail.getWidth()).isEqualTo(320);
      assertThat(thumbnail.getHeight()).isEqualTo(180);
      // it is the frame it says it is: each frame of the ZIP has its own grey level
      int grey = thumbnail.getRGB(160, 90) & 0xff;
      assertThat(grey)
          .isCloseTo(
              FrameZips.level(item.get("index").asInt()),
              org.assertj.core.api.Assertions.within(4));
    }
  }

  @Test
  void aVideoExtractedToWebPShowsItsStripToo() throws Exception {
    String token = login(newUser());
    UUID videoId =
        succeededVideo(
            token,
            new Multipart().field("format", "webp"),
            FrameZips.frames(7, 640, 360, ImageFormat.WEBP),
            7);
    assertThat(body(get("/api/videos/" + videoId, token)).get("options").get("format").asString())
        .isEqualTo("webp");

    List<JsonNode> items =
        body(get("/api/videos/" + videoId + "/thumbnails", token))
            .get("items")
            .valueStream()
            .toList();
    assertThat(items).extracting(i -> i.get("index").asInt()).containsExactly(0, 1, 2, 4, 5, 6);
    assertThat(items.get(3).get("name").asString()).isEqualTo("frame-000005-2.000s.webp");
    assertThat(items.get(3).get("seconds").asDouble()).isEqualTo(2.0);

    // each thumbnail is still a small JPEG, of the frame it says it is
    HttpResponse<byte[]> image = getBytes(items.get(3).get("href").asString(), token);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(image.body()));
    assertThat(thumbnail.getWidth()).isEqualTo(320);
    assertThat(thumbnail.getRGB(160, 90) & 0xff)
        .isCloseTo(FrameZips.level(4), org.assertj.core.api.Assertions.within(4));
  }

  @Test
  void fewerFramesThanTheStripShowsThemAllAndOnlyTheOwnerSeesThem() {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.frames(2, 100, 50), 2);

    List<JsonNode> items =
        body(get("/api/videos/" + videoId + "/thumbnails", token))
            .get("items")
            .valueStream()
            .toList();
    assertThat(items).extracting(i -> i.get("index").asInt()).containsExactly(0, 1);
    // small frames are not enlarged
    assertThat(getBytes("/api/videos/" + videoId + "/thumbnails/1", token).statusCode())
        .isEqualTo(200);
    assertProblem(get("/api/videos/" + videoId + "/thumbnails/2", token), 404);

    String stranger = login(newUser());
    assertProblem(get("/api/videos/" + videoId + "/thumbnails", stranger), 404);
    assertProblem(get("/api/videos/" + videoId + "/thumbnails/0", stranger), 404);
    assertThat(get("/api/videos/" + videoId + "/thumbnails", null).statusCode()).isEqualTo(401);
    UUID queued = uploadVideo(token);
    assertProblem(get("/api/videos/" + queued + "/thumbnails", token), 409);
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
