package dev.frameflow.gateway.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.FrameZips;
import dev.frameflow.gateway.support.WebFeatureTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Thumbnails of 8K frames cost a small fraction of their pixels, and decodes are bounded per user
 * (429) and per replica (503), both with {@code Retry-After}.
 */
class ThumbnailLimitsIT extends WebFeatureTest {

  private static final long FULL_RASTER = 7680L * 4320 * 3;

  @Autowired DecodeSlots slots;
  @Autowired ThumbnailProperties properties;

  @Test
  void thumbnailsOfAn8kZipAllocateLessThanOneFullSizeFrame() throws Exception {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.uhd8kFrames(3), 3);
    assertThat(get("/api/videos/" + videoId + "/thumbnails", token).statusCode()).isEqualTo(200);

    // the request threads are the server's: every thread of this JVM is counted, whatever else
    // runs meanwhile only adds to the figure
    long before = allocatedByAllThreads();
    for (int index = 0; index < 3; index++) {
      HttpResponse<byte[]> image =
          getBytes("/api/videos/" + videoId + "/thumbnails/" + index, token);
      assertThat(image.statusCode()).isEqualTo(200);
      BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(image.body()));
      assertThat(thumbnail.getWidth()).isEqualTo(320);
      assertThat(thumbnail.getHeight()).isEqualTo(180);
    }
    long allocated = allocatedByAllThreads() - before;
    System.out.printf(
        "three 8K thumbnails allocated %d bytes in the JVM (%.2f full-size rasters)%n",
        allocated, allocated / (double) FULL_RASTER);
    assertThat(allocated).isLessThan(FULL_RASTER);
  }

  @Test
  void aUserWhoseDecodesAreAllTakenIsAnswered429WithRetryAfter() throws Exception {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.frames(3, 640, 360), 3);
    List<DecodeSlots.Slot> held = new ArrayList<>();
    try {
      for (int i = 0; i < properties.maxDecodesPerUser(); i++) {
        held.add(slots.take(userId(token)));
      }
      HttpResponse<String> refused = get("/api/videos/" + videoId + "/thumbnails/0", token);
      assertProblem(refused, 429);
      assertThat(body(refused).get("code").asString()).isEqualTo("too-many-thumbnail-requests");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

      // another user still gets theirs
      String other = login(newUser());
      UUID theirs = succeededVideo(other, FrameZips.frames(3, 640, 360), 3);
      assertThat(getBytes("/api/videos/" + theirs + "/thumbnails/0", other).statusCode())
          .isEqualTo(200);
    } finally {
      held.forEach(DecodeSlots.Slot::close);
    }
    assertThat(getBytes("/api/videos/" + videoId + "/thumbnails/0", token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aReplicaWhoseDecodesAreAllTakenIsAnswered503WithRetryAfter() throws Exception {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.frames(3, 640, 360), 3);
    List<DecodeSlots.Slot> held = new ArrayList<>();
    try {
      // other users' decodes fill the replica
      for (int i = 0; i < properties.maxDecodes(); i++) {
        held.add(slots.take(UUID.randomUUID()));
      }
      HttpResponse<String> refused = get("/api/videos/" + videoId + "/thumbnails", token);
      assertProblem(refused, 503);
      assertThat(body(refused).get("code").asString()).isEqualTo("server-busy");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    } finally {
      held.forEach(DecodeSlots.Slot::close);
    }
    assertThat(get("/api/videos/" + videoId + "/thumbnails", token).statusCode()).isEqualTo(200);
  }

  private static UUID userId(String accessToken) {
    String payload =
        new String(
            Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
    return UUID.fromString(payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1"));
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
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
