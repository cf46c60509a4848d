package dev.frameflow.operator.podapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.progress.ProgressReport;
import dev.frameflow.contracts.validation.ContractValidator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where extractor pods report their progress ({@link ProgressReport}): {@code POST
 * /progress/<namespace>/<VideoJob name>} with the VideoJob's uid as bearer token. A pod knows only
 * its own uid (it has no API access), so it can move only its own video. Reports are kept in the
 * {@link ProgressBoard} and the VideoJob is reconciled, which decides what to record and publish.
 * The endpoint costs the API server nothing: it reads the operator's informer cache.
 *
 * <p>Answers 204 (taken), 400 (bad body), 403 (wrong token), 404 (no such VideoJob), 503 (this
 * replica is not leading: the pod tries again a second later).
 */
public final class ProgressEndpoint implements AutoCloseable {

  /** What the endpoint needs from the operator. */
  public interface VideoJobs {
    /**
     * The VideoJob's uid from the cache; empty when unknown; null when this replica has no cache.
     */
    Optional<String> uidOf(String namespace, String name);

    /** Reconcile the VideoJob soon (the report is on the board). */
    void reported(String namespace, String name);
  }

  private static final Logger log = LoggerFactory.getLogger(ProgressEndpoint.class);
  private static final int MAX_BODY = 1024;
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final ProgressBoard board;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService threads;
  private volatile VideoJobs videoJobs;

  private ProgressEndpoint(ProgressBoard board, Clock clock, HttpServer server) {
    this.board = board;
    this.clock = clock;
    this.server = server;
    this.threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "progress-endpoint");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext(ProgressReport.PATH, this::handle);
  }

  /** Listens on {@code port} (0: any free one) on every interface. */
  public static ProgressEndpoint start(int port, ProgressBoard board, Clock clock)
      throws IOException {
    ProgressEndpoint endpoint =
        new ProgressEndpoint(board, clock, HttpServer.create(new InetSocketAddress(port), 64));
    endpoint.server.start();
    return endpoint;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public ProgressBoard board() {
    return board;
  }

  /**
   * Serves {@code handler} at {@code path} too: the pods' other request to the operator (their
   * access grant) shares this port, which the NetworkPolicy opens to extractor pods alone.
   */
  public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** Connects the endpoint to the reconciler, once its caches exist. */
  public void serve(VideoJobs videoJobs) {
    this.videoJobs = videoJobs;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        answer(exchange, 405);
        return;
      }
      String[] parts =
          exchange.getRequestURI().getPath().substring(ProgressReport.PATH.length()).split("/");
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        answer(exchange, 404);
        return;
      }
      VideoJobs known = videoJobs;
      Optional<String> uid = known == null ? null : known.uidOf(parts[0], parts[1]);
      if (uid == null) {
        answer(exchange, 503);
        return;
      }
      if (uid.isEmpty()) {
        answer(exchange, 404);
        return;
      }
      if (!tokenMatches(exchange.getRequestHeaders().getFirst("Authorization"), uid.get())) {
        answer(exchange, 403);
        return;
      }
      ProgressReport report = read(exchange.getRequestBody());
      if (report == null) {
        answer(exchange, 400);
        return;
      }
      if (board.record(uid.get(), report.percent(), report.framesWritten(), clock.instant())) {
        known.reported(parts[0], parts[1]);
      }
      answer(exchange, 204);
    } catch (RuntimeException e) {
      log.warn("progress report failed: {}", e.toString());
    }
  }

  private static ProgressReport read(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      return null;
    }
    try {
      ProgressReport report = JSON.readValue(bytes, ProgressReport.class);
      return report != null && ContractValidator.check(report).isEmpty() ? report : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean tokenMatches(String header, String uid) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    // constant time: the answer must not tell how much of a guessed uid was right
    return MessageDigest.isEqual(
        header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8),
        uid.getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange exchange, int code) throws IOException {
    exchange.sendResponseHeaders(code, -1);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
