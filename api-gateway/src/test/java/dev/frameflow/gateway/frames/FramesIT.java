package dev.frameflow.gateway.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.frameserver.FrameServer;
import dev.frameflow.extractor.frameserver.FrameService;
import dev.frameflow.extractor.frameserver.FrameServiceSettings;
import dev.frameflow.extractor.frameserver.RenderOutcome;
import dev.frameflow.extractor.frameserver.SourceOrigin;
import dev.frameflow.gateway.storage.StorageProperties;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.gateway.support.WebFeatureTest;
import dev.frameflow.testing.TcpRelay;
import dev.frameflow.testing.TestVideos;
import io.opentelemetry.api.OpenTelemetry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Frames through the gateway from a real frame-server: the extractor module's {@link FrameServer}
 * (test scope only: the gateway's own classpath has no extractor and no ffmpeg), started in this
 * JVM with ffmpeg, reading the sources in s3proxy only through the presigned URLs the gateway
 * makes. Two relays sit on the real sockets: one in front of the frame-server (its Service:
 * emptied, the frame-server is down), one in front of the object store (its gate shut, renders hold
 * their slots, so that the limits are seen without timing).
 */
@Import(FramesIT.PresignedThroughTheGate.class)
class FramesIT extends WebFeatureTest {

  /** Two renders at once on the replica, one per owner. */
  private static final int MAX_CONCURRENCY = 2;

  private static FrameServer frameServer;
  private static TcpRelay toFrameServer;
  private static GatedRelay toStore;

  @DynamicPropertySource
  static void frameServer(DynamicPropertyRegistry registry) {
    startFrameServer();
    registry.add("frameflow.frames.server-url", toFrameServer::url);
  }

  /**
   * The gateway presigns for the store behind the gate, so that the frame-server reads through it
   * (its only admitted origin); uploads still go to the store directly.
   */
  @TestConfiguration
  static class PresignedThroughTheGate {
    @Bean
    @Primary
    S3Presigner presignerThroughTheGate(
        StorageProperties properties, AwsCredentialsProvider credentials) {
      startFrameServer();
      return new StorageProperties(
              properties.region(),
              URI.create(toStore.url()),
              properties.pathStyle(),
              properties.uploadBucket(),
              properties.resultBucket(),
              properties.accessKey(),
              properties.secretKey())
          .connection()
          .presigner(credentials);
    }
  }

  private static synchronized void startFrameServer() {
    if (frameServer != null) {
      return;
    }
    try {
      toStore = new GatedRelay(TestServers.get().s3Endpoint().getPort());
      Path work = Files.createTempDirectory("frame-server-it");
      frameServer =
          FrameServer.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              new FrameService(
                  FrameServiceSettings.defaults(SourceOrigin.parse(toStore.url()))
                      .withWorkDir(work)
                      .withLimits(MAX_CONCURRENCY, 1)
                      .withSlotWait(Duration.ofMillis(200)),
                  Ffmpeg.at(TestVideos.ffmpegBinary())),
              OpenTelemetry.noop().getTracer("frames-it"),
              RenderOutcome.Log.NONE);
      toFrameServer = TcpRelay.to(frameServer.port());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aFrameComesWithItsTimeAStrongEtagPrivateCachingAndA304() throws Exception {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    HttpResponse<byte[]> frame = getImage(path(videoId, "frame.png?time=0.5"), token, null);
    assertThat(frame.statusCode()).isEqualTo(200);
    assertThat(frame.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(frame.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(frame.body().length));
    String etag = frame.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{64}\"");
    assertThat(frame.headers().firstValue("X-Frame-Time").orElseThrow()).matches("0\\.[45]\\d{5}");
    assertThat(frame.headers().firstValue("Cache-Control")).hasValue("max-age=86400, private");
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(frame.body()));
    assertThat(picture.getWidth()).isPositive();

    // the client's copy is still good: 304, nothing decoded, the same tag
    HttpResponse<byte[]> again = getImage(path(videoId, "frame.png?time=0.5"), token, etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(again.headers().firstValue("X-Frame-Time"))
        .isEqualTo(frame.headers().firstValue("X-Frame-Time"));

    // a width: the height follows the aspect ratio
    HttpResponse<byte[]> small =
        getImage(path(videoId, "frame.jpg?time=0.5&width=160"), token, null);
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(small.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    BufferedImage smaller = ImageIO.read(new ByteArrayInputStream(small.body()));
    assertThat(smaller.getWidth()).isEqualTo(160);
    assertThat(smaller.getHeight())
        .isEqualTo(Math.round(160f * picture.getHeight() / picture.getWidth()));
  }

  @Test
  void anApiKeyAndASignedLinkGetTheSamePicture() throws Exception {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    HttpResponse<byte[]> byToken = getImage(path(videoId, "frame.webp?time=50%25"), token, null);
    assertThat(byToken.statusCode()).isEqualTo(200);
    String etag = byToken.headers().firstValue("ETag").orElseThrow();

    String readKey =
        body(postJson(
                "/api/keys",
                "{\"name\":\"frames\",\"scope\":\"read\"}",
                "Authorization",
                "Bearer " + token))
            .get("secret")
            .asString();
    HttpResponse<byte[]> byKey = getImage(path(videoId, "frame.webp?time=50%25"), readKey, null);
    assertThat(byKey.statusCode()).isEqualTo(200);
    assertThat(byKey.headers().firstValue("ETag")).hasValue(etag);

    HttpResponse<String> created =
        postJson(
            "/api/videos/" + videoId + "/frame-links",
            "{\"path\":\"frame.webp\",\"query\":{\"time\":\"50%\"},\"expiresInSeconds\":600}",
            "Authorization",
            "Bearer " + token);
    URI link = URI.create(body(created).get("url").asString());
    HttpResponse<byte[]> bySignature =
        getImage(link.getRawPath() + "?" + link.getRawQuery(), null, null);
    assertThat(bySignature.statusCode()).isEqualTo(200);
    assertThat(bySignature.headers().firstValue("ETag")).hasValue(etag);
    assertThat(bySignature.body()).isEqualTo(byToken.body());
    // cached privately, never beyond the link's own life
    String caching = bySignature.headers().firstValue("Cache-Control").orElseThrow();
    assertThat(caching).contains("private");
    int maxAge = Integer.parseInt(caching.replaceAll(".*max-age=(\\d+).*", "$1"));
    assertThat(maxAge).isBetween(500, 600);
  }

  @Test
  void anAnimatedPreviewIsAGifOrAWebP() throws Exception {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    HttpResponse<byte[]> gif =
        getImage(path(videoId, "animated.gif?end=1&fps=5&width=160"), token, null);
    assertThat(gif.statusCode()).isEqualTo(200);
    assertThat(gif.headers().firstValue("Content-Type")).hasValue("image/gif");
    assertThat(new String(gif.body(), 0, 6, java.nio.charset.StandardCharsets.US_ASCII))
        .startsWith("GIF8");
    assertThat(gif.headers().firstValue("ETag")).isPresent();
    assertThat(gif.headers().firstValue("X-Frame-Time")).isEmpty();

    HttpResponse<byte[]> webp = getImage(path(videoId, "animated.webp?end=1"), token, null);
    assertThat(webp.statusCode()).isEqualTo(200);
    assertThat(webp.headers().firstValue("Content-Type")).hasValue("image/webp");
    assertThat(new String(webp.body(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("WEBP");
  }

  @Test
  void aTimePastTheEndAndSourcesThatCannotGiveAFrameAreTold() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    assertProblem(get(path(videoId, "frame.jpg?time=30"), token), 422, "frame-time-past-end");
    // a percentage is always inside
    assertThat(getImage(path(videoId, "frame.jpg?time=100%25"), token, null).statusCode())
        .isEqualTo(200);

    // a source that is no decodable video (its index cut off), and its extraction failed
    UUID broken =
        uploadFile(token, new Multipart().file("cut.mp4", read(TestVideos.truncatedMp4())));
    failed(broken, token);
    assertProblem(get(path(broken, "frame.jpg"), token), 422, "video-source-unusable");

    // a failed video whose source is no longer stored
    UUID timedOut = uploadVideo(token);
    deleteSource(timedOut);
    failed(timedOut, token);
    assertProblem(get(path(timedOut, "frame.jpg"), token), 422, "video-source-unusable");

    // a video whose source went while it was still queued (deleted behind the gateway's back)
    UUID vanished = uploadVideo(token);
    deleteSource(vanished);
    assertProblem(get(path(vanished, "frame.jpg"), token), 410, "video-deleted");
  }

  @Test
  void busyRenderersAnswer429ForTheOwnerAnd503ForTheReplicaWithRetryAfter() throws Exception {
    String alice = login(newUser());
    String bob = login(newUser());
    String carol = login(newUser());
    UUID aliceVideo = uploadVideo(alice);
    UUID bobVideo = uploadVideo(bob);
    UUID carolVideo = uploadVideo(carol);

    toStore.shut();
    CompletableFuture<HttpResponse<byte[]>> aliceFirst;
    CompletableFuture<HttpResponse<byte[]>> bobFirst;
    try {
      aliceFirst = getImageAsync(path(aliceVideo, "frame.jpg?time=0.2"), alice);
      toStore.awaitHeld(1);

      HttpResponse<String> aliceAgain = get(path(aliceVideo, "frame.jpg?time=0.4"), alice);
      assertProblem(aliceAgain, 429, "too-many-frame-requests");
      assertThat(aliceAgain.headers().firstValue("Retry-After")).hasValue("1");

      bobFirst = getImageAsync(path(bobVideo, "frame.jpg?time=0.2"), bob);
      toStore.awaitHeld(1);
      HttpResponse<String> carolFirst = get(path(carolVideo, "frame.jpg?time=0.2"), carol);
      assertProblem(carolFirst, 503, "frame-server-busy");
      assertThat(carolFirst.headers().firstValue("Retry-After")).hasValue("1");
    } finally {
      toStore.open();
    }
    assertThat(aliceFirst.get().statusCode()).isEqualTo(200);
    assertThat(bobFirst.get().statusCode()).isEqualTo(200);
    // the slots are free again
    assertThat(getImage(path(carolVideo, "frame.jpg?time=0.2"), carol, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aFrameServerThatIsDownIs503AndNot500() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    toFrameServer.remove(frameServer.port());
    try {
      HttpResponse<String> down = get(path(videoId, "frame.jpg?time=0.3"), token);
      assertProblem(down, 503, "frames-unavailable");
      assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(down.body()).doesNotContain("127.0.0.1").doesNotContain("Exception");
    } finally {
      toFrameServer.add(frameServer.port());
    }
    assertThat(getImage(path(videoId, "frame.jpg?time=0.3"), token, null).statusCode())
        .isEqualTo(200);
  }

  // ---- helpers ----

  private static String path(UUID videoId, String image) {
    return "/api/videos/" + videoId + "/" + image;
  }

  private HttpResponse<byte[]> getImage(String path, String token, String ifNoneMatch) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private CompletableFuture<HttpResponse<byte[]>> getImageAsync(String path, String token) {
    return http.sendAsync(
        HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private UUID uploadFile(String token, Multipart form) {
    HttpResponse<String> response = upload(token, form);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(body(response).get("videos").get(0).get("id").asString());
  }

  private void failed(UUID videoId, String token) {
    publishStatus(
        statusEvent(UUID.randomUUID(), videoId, "FAILED", "\"reason\": \"the job timed out\""));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "FAILED"
                    .equals(body(get("/api/videos/" + videoId, token)).get("status").asString()));
  }

  private static void deleteSource(UUID videoId) {
    TestServers.get()
        .s3Client()
        .deleteObject(b -> b.bucket(TestServers.UPLOAD_BUCKET).key(sourceKey(videoId)));
  }

  private static String sourceKey(UUID videoId) {
    return dev.frameflow.gateway.video.VideoService.sourceKey(videoId);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
