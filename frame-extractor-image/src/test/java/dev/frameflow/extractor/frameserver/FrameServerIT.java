package dev.frameflow.extractor.frameserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.frames.AnimationFormat;
import dev.frameflow.contracts.frames.AnimationRequest;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import io.opentelemetry.api.OpenTelemetry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame-server as the gateway uses it: a real server on 127.0.0.1, real ffmpeg, sources in
 * s3proxy read through presigned URLs, answers checked on the wire.
 */
class FrameServerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "uploads";

  @TempDir static Path storeDir;
  static InProcessS3 store;

  @TempDir Path dir;

  private final Ffmpeg ffmpeg = Ffmpeg.at(TestVideos.ffmpegBinary());
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private FrameServer server;

  @BeforeAll
  static void startStore() {
    store = InProcessS3.start(storeDir, BUCKET);
    store.put(BUCKET, "videos/h264/source", TestVideos.h264Mp4());
    store.put(BUCKET, "videos/text/source", TestVideos.notAVideo());
    store.put(BUCKET, "videos/noisy/source", TestVideos.noisyMp4(2));
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFrameIsPixelForPixelTheOneTheZipHoldsForThatTime() throws Exception {
    start(settings());
    // 0.5 s and 3.7 s are not keyframes (one a second), 2 s is; 50% is 2 s of the 4 s video
    for (String time : List.of("0.5", "2", "3.7", "50%")) {
      for (Integer width : new Integer[] {null, 160}) {
        Map<String, String> query =
            width == null ? Map.of("time", time) : Map.of("time", time, "width", "" + width);
        HttpResponse<byte[]> frame =
            post(frameRequest("videos/h264/source", query, ImageFormat.PNG, "alice"));
        assertThat(frame.statusCode()).as(time).isEqualTo(200);
        assertThat(frame.headers().firstValue("Content-Type")).contains("image/png");

        ZipContents zip = extract("videos/h264/source", time, ImageFormat.PNG, width);
        int[] served = pixels(frame.body());
        int[] zipped = pixels(zip.frames().get(0));
        assertThat(served.length).as(time + " " + width).isEqualTo(zipped.length);
        assertThat(differing(served, zipped))
            .as("pixels differing at " + time + " " + width)
            .isZero();
        double zipTime = zip.manifest().get("frames").get(0).get("timestamp").asDouble();
        assertThat(frame.headers().firstValue(FrameServerProtocol.FRAME_TIME_HEADER))
            .contains(FrameServerProtocol.frameTimeText(zipTime));
      }
    }
  }

  @Test
  void aJpegFrameIsByteForByteTheZipsWithTheSameQuality() throws Exception {
    start(settings());
    HttpResponse<byte[]> frame =
        post(
            frameRequest(
                "videos/h264/source",
                Map.of("time", "1.3", "width", "240", "quality", "7"),
                ImageFormat.JPEG,
                "alice"));

    ExtractionOptions options =
        ExtractionOptions.builder().timestamps("1.3").width(240).quality(7).build();
    assertThat(frame.statusCode()).isEqualTo(200);
    assertThat(frame.body()).isEqualTo(extract("videos/h264/source", options).frames().get(0));
    assertThat(frame.headers().firstValue("Content-Type")).contains("image/jpeg");
  }

  @Test
  void aHeightOrABoxIsFittedAsAsked() throws Exception {
    start(settings());
    // the source is 320x240 (4:3)
    assertThat(size(Map.of("height", "60"))).isEqualTo("80x60");
    assertThat(size(Map.of("width", "64", "height", "64"))).isEqualTo("64x48");
    assertThat(size(Map.of("width", "64", "height", "64", "fit", "cover"))).isEqualTo("64x64");
    assertThat(size(Map.of("width", "64", "height", "64", "fit", "fill"))).isEqualTo("64x64");
    BufferedImage padded =
        ImageIO.read(
            new ByteArrayInputStream(
                post(frameRequest(
                        "videos/h264/source",
                        Map.of("width", "64", "height", "64", "fit", "pad", "time", "1"),
                        ImageFormat.PNG,
                        "alice"))
                    .body()));
    assertThat(padded.getWidth() + "x" + padded.getHeight()).isEqualTo("64x64");
    // 64x48 in the middle: 8 black rows above and below
    assertThat(padded.getRGB(32, 2) & 0xFFFFFF).isZero();
    assertThat(padded.getRGB(32, 61) & 0xFFFFFF).isZero();
  }

  @Test
  void theQualityIsTheExtractionsScale() throws Exception {
    start(settings());
    // noise: a picture whose size follows the quantizer (flat test frames barely change)
    assertThat(bytes(ImageFormat.JPEG, "31")).isLessThan(bytes(ImageFormat.JPEG, "2") / 2);
    assertThat(bytes(ImageFormat.WEBP, "31")).isLessThan(bytes(ImageFormat.WEBP, "2") / 2);
  }

  private int bytes(ImageFormat format, String quality) throws Exception {
    HttpResponse<byte[]> answer =
        post(
            frameRequest(
                "videos/noisy/source", Map.of("time", "1", "quality", quality), format, "a"));
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.body().length;
  }

  @Test
  void aStrongEtagAndA304FromTheCacheWithoutDecoding() throws Exception {
    start(settings());
    RenderRequest request =
        frameRequest("videos/h264/source", Map.of("time", "2.5"), ImageFormat.WEBP, "alice");
    HttpResponse<byte[]> first = post(request);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo(RenderedImage.etagOf(first.body())).matches("\"[0-9a-f]{64}\"");
    assertThat(first.headers().firstValue("Content-Type")).contains("image/webp");
    long renders = server.service().renders();

    HttpResponse<byte[]> again = post(request, "If-None-Match", "W/\"other\", " + etag);

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);
    assertThat(server.service().renders()).isEqualTo(renders);
    assertThat(post(request, "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
  }

  @Test
  void aSecondRequestForTheSameSourceRunsNoProbeAndARepeatedOneNoDecoding() throws Exception {
    start(settings());
    post(frameRequest("videos/h264/source", Map.of("time", "1"), ImageFormat.JPEG, "alice"));
    // another presigned URL of the same object: the same source
    HttpResponse<byte[]> other =
        post(frameRequest("videos/h264/source", Map.of("time", "3"), ImageFormat.JPEG, "bob"));
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(server.service().probes()).isEqualTo(1);
    assertThat(server.service().renders()).isEqualTo(2);

    HttpResponse<byte[]> repeated =
        post(frameRequest("videos/h264/source", Map.of("time", "1.0"), ImageFormat.JPEG, "carol"));

    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(server.service().renders()).isEqualTo(2);
    assertThat(server.service().frameCacheHits()).isEqualTo(1);
    assertThat(server.service().cachedSources()).isEqualTo(1);
  }

  @Test
  void aSourceAlreadyReadIsReadAgainFromTheWorkVolumeButOnlyWithAUrlTheStoreAccepts()
      throws Exception {
    start(settings());
    post(frameRequest("videos/h264/source", Map.of("time", "1"), ImageFormat.JPEG, "alice"));
    long held = server.service().openSourceBytes();
    HttpResponse<byte[]> other =
        post(frameRequest("videos/h264/source", Map.of("time", "3"), ImageFormat.JPEG, "bob"));

    // the second render read the index and the first GOP's blocks from the first render's relay
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(server.service().renders()).isEqualTo(2);
    assertThat(server.service().sourcesOpened()).isEqualTo(1);
    assertThat(held).isPositive();

    // a URL the store refuses (its signature altered) reads nothing, cached or not
    String url = presign("videos/h264/source");
    String tampered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
    HttpResponse<byte[]> forged =
        post(
            RenderRequest.frame(
                "h264",
                "videos/h264/source",
                tampered,
                "mallory",
                FrameRequest.fromQuery(Map.of("time", "2"), ImageFormat.JPEG)));
    assertRefused(forged, 410, "source-gone");
    assertThat(server.service().renders()).isEqualTo(2);
  }

  @Test
  void theSourcesKeptOpenAreBoundedByTheBytesTheyHold() throws Exception {
    start(settings().withSourceBytes(0));
    post(frameRequest("videos/h264/source", Map.of("time", "1"), ImageFormat.JPEG, "alice"));
    post(frameRequest("videos/h264/source", Map.of("time", "3"), ImageFormat.JPEG, "alice"));

    // nothing fits in no bytes: each render opened the source, and its blocks left the volume
    assertThat(server.service().sourcesOpened()).isEqualTo(2);
    assertThat(server.service().openSourceBytes()).isZero();
    try (var left = Files.list(dir.resolve("work").resolve("sources"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aSourceWhoseStoreFailedAReadIsOpenedAfreshByTheNextRender() throws Exception {
    try (StallingSource store = noisyStoreWithItsFirstFrameRead()) {

      store.failReads();
      // the store, not the video, failed: a 502 worth a retry, not "unreadable video"
      HttpResponse<byte[]> failed = post(stalled(store, "alice", "1.9"));
      assertThat(failed.statusCode()).as(new String(failed.body())).isEqualTo(502);

      store.recover();
      assertThat(post(stalled(store, "alice", "1.9")).statusCode()).isEqualTo(200);
      // the failed relay was dropped: its remembered failure blames no later render on the store
      assertThat(server.service().sourcesOpened()).isEqualTo(2);
    }
  }

  @Test
  void aStoreThatFailsForAMomentIsRiddenOut() throws Exception {
    try (StallingSource store = noisyStoreWithItsFirstFrameRead()) {

      // half a second of 500s (S3's SlowDown, a restart): the relay's paced retries outlast it
      store.failReads();
      Thread recovery =
          new Thread(
              () -> {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                store.recover();
              });
      recovery.start();
      HttpResponse<byte[]> answer = post(stalled(store, "alice", "1.9"));
      recovery.join();

      assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(200);
      assertThat(server.service().sourcesOpened()).isEqualTo(1);
    }
  }

  @Test
  void theCachesAreBounded() throws Exception {
    start(settings().withCaches(1, 1));
    post(frameRequest("videos/h264/source", Map.of("time", "1"), ImageFormat.JPEG, "alice"));
    post(frameRequest("videos/h264/source", Map.of("time", "1"), ImageFormat.JPEG, "alice"));
    // no picture fits in one byte: both were decoded
    assertThat(server.service().renders()).isEqualTo(2);
    assertThat(server.service().frameCacheBytes()).isZero();

    store.put(BUCKET, "videos/second/source", TestVideos.h264Mp4());
    post(frameRequest("videos/second/source", Map.of(), ImageFormat.JPEG, "alice"));
    post(frameRequest("videos/h264/source", Map.of(), ImageFormat.JPEG, "alice"));
    // one source kept: the first was evicted by the second and probed again
    assertThat(server.service().cachedSources()).isEqualTo(1);
    assertThat(server.service().probes()).isEqualTo(3);
  }

  @Test
  void aTimePastTheEndIsRefusedAndHundredPercentIsTheLastFrame() throws Exception {
    start(settings());
    HttpResponse<byte[]> past =
        post(frameRequest("videos/h264/source", Map.of("time", "4.5"), ImageFormat.JPEG, "a"));

    assertRefused(past, 422, "time-past-end");
    assertThat(JSON.readTree(past.body()).get("detail").asText()).contains("past the end");
    HttpResponse<byte[]> last =
        post(frameRequest("videos/h264/source", Map.of("time", "100%"), ImageFormat.JPEG, "a"));
    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(last.headers().firstValue(FrameServerProtocol.FRAME_TIME_HEADER))
        .contains("3.966667");
  }

  @Test
  void aMissingSourceIsGoneAndACorruptOneUnreadable() throws Exception {
    start(settings());
    assertRefused(
        post(frameRequest("videos/deleted/source", Map.of(), ImageFormat.JPEG, "a")),
        410,
        "source-gone");
    HttpResponse<byte[]> corrupt =
        post(frameRequest("videos/text/source", Map.of(), ImageFormat.JPEG, "a"));
    assertRefused(corrupt, 422, "source-unreadable");
    assertThat(new String(corrupt.body())).doesNotContain("127.0.0.1", "ffmpeg", "/tmp");
  }

  @Test
  void aSourceOnAnotherOriginIsRefusedWithoutBeingAsked() throws Exception {
    start(settings());
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!foreign.isClosed()) {
                  try (Socket ignored = foreign.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      for (String url :
          List.of(
              "http://127.0.0.1:" + foreign.getLocalPort() + "/uploads/videos/h264/source",
              "http://localhost:" + foreign.getLocalPort() + "/x",
              "file:///etc/passwd",
              store.endpoint().toString().replace("http://", "http://user@") + "/uploads/x")) {
        RenderRequest request =
            RenderRequest.frame(
                "v", "videos/h264/source", url, "a", FrameRequest.of(ImageFormat.PNG));
        HttpResponse<byte[]> answer = post(request);
        assertRefused(answer, 400, "bad-request");
        assertThat(JSON.readTree(answer.body()).get("detail").asText())
            .isEqualTo("the source URL is not on the configured store");
      }
    }
    assertThat(connections).hasValue(0);
  }

  @Test
  void animatedPreviewsAreGifOrWebpAndRefusedPastTheEnd() throws Exception {
    start(settings());
    HttpResponse<byte[]> gif =
        post(animationRequest(Map.of("start", "1", "end", "2", "fps", "5"), AnimationFormat.GIF));
    assertThat(gif.statusCode()).as(new String(gif.body())).isEqualTo(200);
    assertThat(gif.headers().firstValue("Content-Type")).contains("image/gif");
    assertThat(new String(gif.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
    assertThat(gif.headers().firstValue(FrameServerProtocol.FRAME_TIME_HEADER)).isEmpty();
    assertThat(gif.headers().firstValue("ETag")).contains(RenderedImage.etagOf(gif.body()));

    RenderRequest webpRequest = animationRequest(Map.of("width", "160"), AnimationFormat.WEBP);
    HttpResponse<byte[]> webp = post(webpRequest);
    assertThat(webp.statusCode()).isEqualTo(200);
    assertThat(webp.headers().firstValue("Content-Type")).contains("image/webp");
    assertThat(new String(webp.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    long renders = server.service().renders();
    assertThat(post(webpRequest).body()).isEqualTo(webp.body());
    assertThat(server.service().renders()).isEqualTo(renders);

    assertRefused(
        post(animationRequest(Map.of("start", "5", "end", "6"), AnimationFormat.GIF)),
        422,
        "time-past-end");
    // an animation body on the frames path, a frame body on the animations path
    assertRefused(
        postRaw(FrameServerProtocol.FRAME_PATH, JSON.writeValueAsString(webpRequest)),
        400,
        "bad-request");
    assertRefused(
        postRaw(
            FrameServerProtocol.ANIMATION_PATH,
            JSON.writeValueAsString(
                frameRequest("videos/h264/source", Map.of(), ImageFormat.PNG, "a"))),
        400,
        "bad-request");
  }

  private static RenderRequest animationRequest(Map<String, String> query, AnimationFormat format) {
    return RenderRequest.animation(
        "h264",
        "videos/h264/source",
        presign("videos/h264/source"),
        "alice",
        AnimationRequest.fromQuery(query, format));
  }

  @Test
  void badBodiesAreBadRequests() throws Exception {
    start(settings());
    assertRefused(postRaw(FrameServerProtocol.FRAME_PATH, "{not json"), 400, "bad-request");
    assertRefused(
        postRaw(
            FrameServerProtocol.FRAME_PATH,
            "{\"videoId\":\"v\",\"sourceKey\":\"k\",\"sourceUrl\":\""
                + presign("videos/h264/source")
                + "\",\"owner\":\"o\",\"frame\":{\"width\":99999}}"),
        400,
        "bad-request");
    HttpResponse<byte[]> get =
        http.send(
            HttpRequest.newBuilder(uri(FrameServerProtocol.FRAME_PATH)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void healthAndReadinessAnswerAndReadinessEndsAtTheStop() throws Exception {
    start(settings());
    assertThat(get(FrameServerProtocol.HEALTH_PATH)).isEqualTo(200);
    assertThat(get(FrameServerProtocol.READY_PATH)).isEqualTo(200);
  }

  @Test
  void anOwnerOverItsShareGets429AndAFullReplica503BothWithRetryAfter() throws Exception {
    try (StallingSource slow = new StallingSource(Files.readAllBytes(TestVideos.h264Mp4()))) {
      start(
          FrameServiceSettings.defaults(SourceOrigin.parse(slow.origin()))
              .withWorkDir(dir.resolve("work"))
              .withLimits(2, 1)
              .withSlotWait(Duration.ofMillis(100)));
      CompletableFuture<HttpResponse<byte[]>> alice = postAsync(stalled(slow, "alice", "1"));
      slow.awaitArrivals(1);

      assertRefused(post(stalled(slow, "alice", "2")), 429, "owner-busy");

      CompletableFuture<HttpResponse<byte[]>> bob = postAsync(stalled(slow, "bob", "1"));
      slow.awaitArrivals(1);
      HttpResponse<byte[]> carol = post(stalled(slow, "carol", "3"));
      assertRefused(carol, 503, "overloaded");

      slow.release();
      assertThat(alice.get().statusCode()).isEqualTo(200);
      assertThat(bob.get().statusCode()).isEqualTo(200);
      // the slots are back: the refused owner renders now
      assertThat(post(stalled(slow, "carol", "3")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void thirtyTwoConcurrentRequestsGetNo500() throws Exception {
    start(settings().withLimits(4, 2).withCaches(0, 8));
    List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      answers.add(
          postAsync(
              frameRequest(
                  "videos/h264/source",
                  Map.of("time", String.valueOf(i / 10.0), "width", "160"),
                  ImageFormat.JPEG,
                  "owner-" + (i % 8))));
    }
    int ok = 0;
    for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
      HttpResponse<byte[]> response = answer.get();
      assertThat(response.statusCode()).isIn(200, 429, 503);
      if (response.statusCode() == 200) {
        ok++;
      } else {
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
      }
    }
    assertThat(ok).isPositive();
    // a handler counts itself out after its answer is on the wire: every one ends, promptly
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.inFlight()).isZero();
  }

  // --- helpers

  private FrameServiceSettings settings() {
    return FrameServiceSettings.defaults(SourceOrigin.parse(store.endpoint().toString()))
        .withWorkDir(dir.resolve("work"));
  }

  private void start(FrameServiceSettings settings) throws IOException {
    server =
        FrameServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new FrameService(settings, ffmpeg),
            OpenTelemetry.noop().getTracer("test"),
            RenderOutcome.Log.NONE);
  }

  /**
   * A store of one 4 MB video of noise, answering at once, the only origin of a server started on
   * it, whose first frame was read: its start and its index, not all of it.
   */
  private StallingSource noisyStoreWithItsFirstFrameRead() throws Exception {
    StallingSource store = new StallingSource(Files.readAllBytes(TestVideos.noisyMp4(2)));
    try {
      store.release();
      start(
          FrameServiceSettings.defaults(SourceOrigin.parse(store.origin()))
              .withWorkDir(dir.resolve("work")));
      assertThat(post(stalled(store, "alice", "0")).statusCode()).isEqualTo(200);
      return store;
    } catch (Exception | AssertionError e) {
      store.close();
      throw e;
    }
  }

  private static RenderRequest stalled(StallingSource source, String owner, String time) {
    return RenderRequest.frame(
        "v-" + owner,
        "stalled/" + owner + "/" + time,
        source.url("stalled"),
        owner,
        FrameRequest.fromQuery(Map.of("time", time), ImageFormat.JPEG));
  }

  private static RenderRequest frameRequest(
      String key, Map<String, String> query, ImageFormat format, String owner) {
    return RenderRequest.frame(
        key.split("/")[1], key, presign(key), owner, FrameRequest.fromQuery(query, format));
  }

  private static String presign(String key) {
    return store
        .presigner()
        .presignGetObject(
            p ->
                p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(BUCKET).key(key)))
        .url()
        .toString();
  }

  private ZipContents extract(String key, String time, ImageFormat format, Integer width)
      throws Exception {
    return extract(
        key, ExtractionOptions.builder().timestamps(time).format(format).width(width).build());
  }

  /** What an extraction of the same presigned source puts in its ZIP. */
  private ZipContents extract(String key, ExtractionOptions options) throws Exception {
    Path zip = dir.resolve("out.zip");
    Files.deleteIfExists(zip);
    new FrameExtractor(null, ExtractorLimits.defaults().withParallelism(2), ffmpeg)
        .extract(
            new ExtractionRequest(
                ObjectLocation.parse(presign(key)),
                ObjectLocation.parse(zip.toString()),
                options.validated(),
                dir.resolve("extract-work")),
            null);
    return ZipContents.of(zip);
  }

  private String size(Map<String, String> query) throws Exception {
    HttpResponse<byte[]> answer =
        post(frameRequest("videos/h264/source", query, ImageFormat.PNG, "alice"));
    assertThat(answer.statusCode()).isEqualTo(200);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
    return image.getWidth() + "x" + image.getHeight();
  }

  private static int[] pixels(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    int[] withSize = new int[pixels.length + 2];
    withSize[0] = image.getWidth();
    withSize[1] = image.getHeight();
    System.arraycopy(pixels, 0, withSize, 2, pixels.length);
    return withSize;
  }

  private static int differing(int[] one, int[] other) {
    int differing = 0;
    for (int i = 0; i < one.length; i++) {
      differing += one[i] == other[i] ? 0 : 1;
    }
    return differing;
  }

  private static void assertRefused(HttpResponse<byte[]> answer, int status, String code)
      throws IOException {
    assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(status);
    assertThat(answer.headers().firstValue(FrameServerProtocol.REFUSAL_HEADER)).contains(code);
    assertThat(answer.headers().firstValue("Content-Type"))
        .contains(FrameServerProtocol.PROBLEM_MEDIA_TYPE);
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    if (status == 429 || status == 503) {
      assertThat(answer.headers().firstValue("Retry-After")).contains("1");
    } else {
      assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private int get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private HttpResponse<byte[]> post(RenderRequest request, String... headers) throws Exception {
    return postAsync(request, headers).get();
  }

  private CompletableFuture<HttpResponse<byte[]>> postAsync(
      RenderRequest request, String... headers) throws IOException {
    String path =
        request.isAnimation() ? FrameServerProtocol.ANIMATION_PATH : FrameServerProtocol.FRAME_PATH;
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", FrameServerProtocol.REQUEST_MEDIA_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> postRaw(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
