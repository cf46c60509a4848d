package dev.frameflow.extractor.frameserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.frames.FrameRefusal;
import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frame service over HTTP ({@link FrameServerProtocol}): {@code POST /v1/frames} and {@code
 * /v1/animations} with a {@link RenderRequest} as JSON; {@code /healthz} and {@code /readyz}. One
 * span per render (a child of the gateway's, from {@code traceparent}) with the video's id.
 *
 * <p>Its threads are bounded and so is the queue before them: what cannot be queued runs on the
 * accepting thread, which stops accepting meanwhile (the kernel's backlog then holds the rest). A
 * render waits for a slot only briefly ({@link RenderSlots}), so a thread is never held long by a
 * request that will be refused.
 */
public final class FrameServer implements AutoCloseable {

  /** Largest JSON body read: a render request is a few hundred bytes. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TextMapGetter<Headers> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Headers carrier, String key) {
          return carrier == null ? null : carrier.getFirst(key);
        }
      };

  private final FrameService service;
  private final Tracer tracer;
  private final RenderOutcome.Log log;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();

  private FrameServer(
      FrameService service, Tracer tracer, RenderOutcome.Log log, HttpServer server, int threads) {
    this.service = service;
    this.tracer = tracer;
    this.log = log;
    this.server = server;
    AtomicInteger number = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4 * threads),
            task -> {
              Thread thread = new Thread(task, "frame-server-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving on {@code address} (port 0: any free one). Threads: enough for every render slot
   * and as many again waiting briefly for one, plus the probes.
   */
  public static FrameServer start(
      InetSocketAddress address, FrameService service, Tracer tracer, RenderOutcome.Log log)
      throws IOException {
    HttpServer server = HttpServer.create(address, 128);
    int threads = 2 * service.settings().maxConcurrency() + 4;
    FrameServer frameServer = new FrameServer(service, tracer, log, server, threads);
    server.start();
    frameServer.ready.set(true);
    return frameServer;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  public FrameService service() {
    return service;
  }

  /**
   * Graceful stop: not ready any more, no new connections, the renders in flight finish (up to
   * {@code grace}), then the threads end.
   */
  public void stop(Duration grace) throws InterruptedException {
    ready.set(false);
    server.stop((int) Math.max(1, grace.toSeconds()));
    executor.shutdown();
    executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(1));
  }

  /** Requests being answered now. */
  public int inFlight() {
    return inFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      switch (path) {
        case FrameServerProtocol.HEALTH_PATH -> plain(exchange, 200, "ok");
        case FrameServerProtocol.READY_PATH ->
            plain(exchange, ready.get() ? 200 : 503, ready.get() ? "ready" : "stopping");
        case FrameServerProtocol.FRAME_PATH, FrameServerProtocol.ANIMATION_PATH -> {
          if (!method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            problem(exchange, 405, "method not allowed", "use POST", null, 0);
          } else {
            render(exchange, path);
          }
        }
        default -> problem(exchange, 404, "not found", "no such endpoint", null, 0);
      }
    } catch (RuntimeException e) {
      // a bug: the exchange is closed, the connection dropped; never a stack trace to the client
      throw new IOException("frame-server failed answering", e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void render(HttpExchange exchange, String path) throws IOException {
    long started = System.nanoTime();
    Context parent =
        W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), exchange.getRequestHeaders(), HEADERS);
    Span span =
        tracer
            .spanBuilder(
                path.equals(FrameServerProtocol.FRAME_PATH) ? "render frame" : "render animation")
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    String videoId = null;
    int status = 500;
    String refusalCode = null;
    try (Scope scope = span.makeCurrent()) {
      RenderRequest request = read(exchange);
      videoId = request.videoId();
      span.setAttribute(AttributeKey.stringKey("video.id"), videoId);
      if (path.equals(FrameServerProtocol.ANIMATION_PATH) != request.isAnimation()) {
        throw new FrameRefusedException(
            FrameRefusal.BAD_REQUEST,
            path.equals(FrameServerProtocol.FRAME_PATH)
                ? "a frame request needs frame"
                : "an animation request needs animation");
      }
      RenderedImage image = service.render(request);
      status = answer(exchange, image);
    } catch (FrameRefusedException e) {
      refusalCode = e.refusal().code();
      status = e.refusal().status();
      span.setAttribute(AttributeKey.stringKey("frameflow.refusal"), refusalCode);
      problem(
          exchange, status, e.refusal().code(), e.getMessage(), e.refusal(), e.retryAfterSeconds());
    } catch (IOException e) {
      // the store or the disk: worth a retry, never the URL or a path in the answer
      status = 502;
      span.setStatus(StatusCode.ERROR, "store or disk");
      problem(
          exchange,
          status,
          "source not readable now",
          "the source could not be read; try again",
          null,
          0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 503;
      problem(exchange, status, "stopping", "the frame-server is stopping", null, 1);
    } catch (RuntimeException e) {
      status = 500;
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, "internal");
      problem(exchange, status, "internal error", "the frame could not be rendered", null, 0);
    } finally {
      span.setAttribute(AttributeKey.longKey("http.response.status_code"), (long) status);
      span.end();
    }
    var context = span.getSpanContext();
    log.answered(
        new RenderOutcome(
            path,
            videoId,
            status,
            refusalCode,
            (System.nanoTime() - started) / 1_000_000,
            context.isValid() ? context.getTraceId() : null,
            context.isValid() ? context.getSpanId() : null));
  }

  private static RenderRequest read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new FrameRefusedException(FrameRefusal.BAD_REQUEST, "the request body is too large");
    }
    try {
      RenderRequest request = JSON.readValue(body, RenderRequest.class);
      if (request == null) {
        throw new FrameRefusedException(FrameRefusal.BAD_REQUEST, "the request body is empty");
      }
      return request;
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the body: only say where it went wrong
      throw new FrameRefusedException(
          FrameRefusal.BAD_REQUEST, "the request body is not a render request");
    } catch (IllegalArgumentException e) {
      throw new FrameRefusedException(FrameRefusal.BAD_REQUEST, e.getMessage());
    }
  }

  /** 200 with the picture, or 304 when the client already has it. */
  private static int answer(HttpExchange exchange, RenderedImage image) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("ETag", image.etag());
    if (image.frameTimeSeconds() != null) {
      headers.set(
          FrameServerProtocol.FRAME_TIME_HEADER,
          FrameServerProtocol.frameTimeText(image.frameTimeSeconds()));
    }
    if (image.matches(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      exchange.sendResponseHeaders(304, -1);
      return 304;
    }
    headers.set("Content-Type", image.contentType());
    exchange.sendResponseHeaders(200, image.bytes().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(image.bytes());
    }
    return 200;
  }

  private static void plain(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * A small problem JSON (RFC 9457); with a refusal its code in {@link
   * FrameServerProtocol#REFUSAL_HEADER}, and {@code Retry-After} when waiting helps.
   */
  private static void problem(
      HttpExchange exchange,
      int status,
      String title,
      String detail,
      FrameRefusal refusal,
      long retryAfterSeconds)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", FrameServerProtocol.PROBLEM_MEDIA_TYPE);
    if (refusal != null) {
      headers.set(FrameServerProtocol.REFUSAL_HEADER, refusal.code());
    }
    if (retryAfterSeconds > 0) {
      headers.set("Retry-After", Long.toString(retryAfterSeconds));
    }
    var body = JSON.createObjectNode();
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail == null ? title : detail);
    if (refusal != null) {
      body.put("code", refusal.code());
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
