package dev.frameflow.extractor.frameserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.testing.OtlpReceiver;
import dev.frameflow.testing.OtlpReceiver.ReceivedSpan;
import dev.frameflow.testing.TestVideos;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frame-extractor serve} as the pod runs it: its own JVM from a plain {@code java -cp}, JSON
 * log lines, a span per render in the caller's trace, and SIGTERM (what the kubelet sends) while a
 * render is in flight: it stops being ready and accepting, the render finishes and is answered, the
 * process ends.
 */
class ServeCommandIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void sigtermLetsTheRenderInFlightFinishThenTheProcessEnds() throws Exception {
    try (StallingSource source = new StallingSource(Files.readAllBytes(TestVideos.h264Mp4()));
        OtlpReceiver traces = OtlpReceiver.start()) {
      int port = freePort();
      Path log = dir.resolve("serve.log");
      Process serve = start(port, source.origin(), log, traces);
      try {
        awaitReady(port, serve, log);
        CompletableFuture<HttpResponse<byte[]>> inFlight = render(port, source);
        source.awaitArrivals(1);

        serve.destroy(); // SIGTERM
        awaitRefused(port);
        source.release();

        HttpResponse<byte[]> answer = inFlight.get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines)
            .anySatisfy(
                line ->
                    assertThat(line)
                        .startsWith("{")
                        .contains(
                            "\"video_id\":\"v-sigterm\"",
                            "\"http.response.status_code\":200",
                            "\"service.name\":\"frame-extractor\""));
        assertThat(lines).noneMatch(line -> line.contains("X-Amz") || line.contains("Signature"));
        // the render is a span of the gateway's trace, flushed before the process ended
        ReceivedSpan render =
            traces.trace(TRACE_ID).stream()
                .filter(span -> span.name().equals("render frame"))
                .findFirst()
                .orElseThrow();
        assertThat(render.parentSpanId()).isEqualTo(PARENT_ID);
        assertThat(render.service()).isEqualTo("frame-extractor");
        assertThat(render.attributes()).containsEntry("video.id", "v-sigterm");
        assertThat(lines).anyMatch(line -> line.contains("\"trace_id\":\"" + TRACE_ID + "\""));
      } finally {
        serve.destroyForcibly();
      }
    }
  }

  private Process start(int port, String origin, Path log, OtlpReceiver traces) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.frameflow.extractor.cli.ExtractorCli",
                "serve",
                "--port",
                Integer.toString(port),
                "--source-origin",
                origin,
                "--work-dir",
                dir.resolve("work").toString(),
                "--drain-seconds",
                "30")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("FRAMEFLOW_LOG_JSON", "true");
    builder.environment().put(Ffmpeg.PATH_VARIABLE, TestVideos.ffmpegBinary().toString());
    builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint().toString());
    return builder.start();
  }

  private CompletableFuture<HttpResponse<byte[]>> render(int port, StallingSource source)
      throws IOException {
    RenderRequest request =
        RenderRequest.frame(
            "v-sigterm",
            "sigterm/source",
            source.url("sigterm/source"),
            "alice",
            FrameRequest.fromQuery(Map.of("time", "1"), ImageFormat.JPEG));
    return http.sendAsync(
        HttpRequest.newBuilder(uri(port, FrameServerProtocol.FRAME_PATH))
            .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    new ObjectMapper().writeValueAsBytes(request)))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private void awaitReady(int port, Process serve, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
      try {
        if (status(port, FrameServerProtocol.READY_PATH) == 200
            && status(port, FrameServerProtocol.HEALTH_PATH) == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never ready: " + Files.readString(log));
  }

  /** After SIGTERM: no new connection is accepted (or, while it closes, it says not ready). */
  private void awaitRefused(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (status(port, FrameServerProtocol.READY_PATH) == 503) {
          return;
        }
      } catch (IOException e) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("still ready after SIGTERM");
  }

  private int status(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
