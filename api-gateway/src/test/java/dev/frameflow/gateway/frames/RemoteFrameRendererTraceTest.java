package dev.frameflow.gateway.frames;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A frame request is one trace from the gateway into the frame-server: the render request carries
 * the current span as a W3C {@code traceparent}, which the frame-server continues (its side is
 * {@code ServeCommandIT}'s). The other end here is a real socket that records what it received.
 */
class RemoteFrameRendererTraceTest {

  @Test
  void theRenderRequestCarriesTheCurrentSpanAsItsParent() throws Exception {
    AtomicReference<String> traceparent = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        FrameServerProtocol.FRAME_PATH,
        exchange -> {
          traceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
          exchange.getRequestBody().readAllBytes();
          byte[] image = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
          exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
          exchange.getResponseHeaders().add("ETag", "\"abc\"");
          exchange.getResponseHeaders().add(FrameServerProtocol.FRAME_TIME_HEADER, "1.000000");
          exchange.sendResponseHeaders(200, image.length);
          exchange.getResponseBody().write(image);
          exchange.close();
        });
    server.start();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
      RemoteFrameRenderer renderer =
          new RemoteFrameRenderer(
              new FrameProperties(
                  "remote",
                  URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                  Duration.ofDays(7),
                  Duration.ofHours(1),
                  Duration.ofMinutes(2),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(5)),
              JsonMapper.builder().build());
      RenderRequest request =
          RenderRequest.frame(
              "v1",
              "videos/v1/source",
              "http://127.0.0.1:9000/b/k",
              "o1",
              FrameRequest.fromQuery(Map.of("time", "1"), ImageFormat.JPEG));

      Span span = tracing.get("test").spanBuilder("GET /api/videos/{id}/frame.jpg").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        try (var body = renderer.render(request, null).body()) {
          assertThat(body.readAllBytes()).hasSize(4);
        }
      } finally {
        span.end();
      }

      assertThat(traceparent.get())
          .isEqualTo(
              "00-"
                  + span.getSpanContext().getTraceId()
                  + "-"
                  + span.getSpanContext().getSpanId()
                  + "-01");
    } finally {
      server.stop(0);
    }
  }
}
