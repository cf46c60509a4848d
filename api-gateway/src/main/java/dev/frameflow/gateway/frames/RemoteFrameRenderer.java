package dev.frameflow.gateway.frames;

import dev.frameflow.contracts.frames.FrameRefusal;
import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import dev.frameflow.gateway.tracing.TraceParent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frame-server over HTTP ({@link FrameServerProtocol}): posts the render request, streams the
 * image back, and turns a refusal ({@code X-Frameflow-Refusal}) into a {@link
 * FrameRefusedException} with its {@code Retry-After}. Connecting and the answer's headers are
 * bounded by {@code frameflow.frames.connect-timeout} and {@code render-timeout}; a frame-server
 * that cannot be reached, times out or fails without a refusal code is "unavailable" (503), never a
 * 500. What it says in its body is not passed on: the client gets the gateway's own words.
 */
public class RemoteFrameRenderer implements FrameRenderer {

  private static final Logger log = LoggerFactory.getLogger(RemoteFrameRenderer.class);

  private final HttpClient http;
  private final URI frames;
  private final URI animations;
  private final FrameProperties properties;
  private final JsonMapper json;

  public RemoteFrameRenderer(FrameProperties properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
    String base = properties.serverUrl().toString().replaceAll("/+$", "");
    this.frames = URI.create(base + FrameServerProtocol.FRAME_PATH);
    this.animations = URI.create(base + FrameServerProtocol.ANIMATION_PATH);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public RenderedImage render(RenderRequest request, String ifNoneMatch) {
    HttpRequest.Builder post =
        HttpRequest.newBuilder(request.isAnimation() ? animations : frames)
            .timeout(properties.renderTimeout())
            .header(HttpHeaders.CONTENT_TYPE, FrameServerProtocol.REQUEST_MEDIA_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)));
    if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
      post.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
    }
    // the render continues the request's trace (the frame-server reads W3C traceparent)
    TraceParent trace = TraceParent.current();
    if (trace != null) {
      trace.writeTo(post::header);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(post.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new FramesUnavailableException("the frame renderer did not answer in time", e);
    } catch (IOException e) {
      log.warn("frame-server unreachable: {}", e.toString());
      throw new FramesUnavailableException("the frame renderer cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FramesUnavailableException("interrupted while waiting for the frame renderer", e);
    }
    String etag = header(response, HttpHeaders.ETAG);
    String frameTime = header(response, FrameServerProtocol.FRAME_TIME_HEADER);
    int status = response.statusCode();
    if (status == 200) {
      return new RenderedImage(
          false,
          header(response, HttpHeaders.CONTENT_TYPE),
          etag,
          frameTime,
          response.headers().firstValueAsLong(HttpHeaders.CONTENT_LENGTH).orElse(-1),
          response.body());
    }
    discard(response.body());
    if (status == 304) {
      return RenderedImage.notModified(etag, frameTime);
    }
    Optional<FrameRefusal> refusal =
        Optional.ofNullable(header(response, FrameServerProtocol.REFUSAL_HEADER))
            .flatMap(FrameRefusal::fromCode);
    if (refusal.isEmpty()) {
      log.warn("frame-server answered {} without a refusal code", status);
      throw new FramesUnavailableException("the frame renderer failed; try again later");
    }
    long retryAfter =
        refusal.get().isRetryable()
            ? response.headers().firstValueAsLong(HttpHeaders.RETRY_AFTER).orElse(1)
            : 0;
    return refuse(refusal.get(), retryAfter);
  }

  private static RenderedImage refuse(FrameRefusal refusal, long retryAfterSeconds) {
    throw new FrameRefusedException(refusal, refusal.code(), Math.max(0, retryAfterSeconds));
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** Reads the small problem body of a refusal to its end, so the connection can be reused. */
  private static void discard(InputStream body) {
    try (body) {
      body.skip(Long.MAX_VALUE);
    } catch (IOException e) {
      // the connection is dropped instead
    }
  }
}
