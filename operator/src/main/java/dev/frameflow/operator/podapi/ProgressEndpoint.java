package dev.frameflow.operator.podapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.progress.ProgressReport;
import dev.frameflow.contracts.validation.ContractValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

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

  private static final int MAX_BODY = 1024;
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final ProgressBoard board;
  private final Clock clock;
  private final PodServer server;
  private volatile VideoJobs videoJobs;

  private ProgressEndpoint(ProgressBoard board, Clock clock, PodServer server) {
    this.board = board;
    this.clock = clock;
    this.server = server;
    server.route(ProgressReport.PATH, this::handle);
  }

  /** Listens on {@code port} (0: any free one) on every interface, with the default limits. */
  public static ProgressEndpoint start(int port, ProgressBoard board, Clock clock)
      throws IOException {
    return start(port, board, clock, PodEndpointLimits.DEFAULTS);
  }

  /** Listens on {@code port} (0: any free one) on every interface, within {@code limits}. */
  public static ProgressEndpoint start(
      int port, ProgressBoard board, Clock clock, PodEndpointLimits limits) throws IOException {
    return new ProgressEndpoint(board, clock, PodServer.start(limits.server(), port));
  }

  public int port() {
    return server.port();
  }

  public ProgressBoard board() {
    return board;
  }

  /**
   * Serves {@code route} at {@code path} too: the pods' other request to the operator (their access
   * grant) shares this port, which the NetworkPolicy opens to extractor pods alone.
   */
  public void route(String path, PodExchange.Route route) {
    server.route(path, route);
  }

  /** Connects the endpoint to the reconciler, once its caches exist. */
  public void serve(VideoJobs videoJobs) {
    this.videoJobs = videoJobs;
  }

  private PodExchange.Answer handle(PodExchange exchange) {
    if (!"POST".equals(exchange.method())) {
      return PodExchange.Answer.of(405);
    }
    String[] parts = exchange.path().substring(ProgressReport.PATH.length()).split("/");
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      return PodExchange.Answer.of(404);
    }
    VideoJobs known = videoJobs;
    Optional<String> uid = known == null ? null : known.uidOf(parts[0], parts[1]);
    if (uid == null) {
      return PodExchange.Answer.of(503);
    }
    if (uid.isEmpty()) {
      return PodExchange.Answer.of(404);
    }
    if (!tokenMatches(exchange.authorization(), uid.get())) {
      return PodExchange.Answer.of(403);
    }
    ProgressReport report = read(exchange.body());
    if (report == null) {
      return PodExchange.Answer.of(400);
    }
    if (board.record(uid.get(), report.percent(), report.framesWritten(), clock.instant())) {
      known.reported(parts[0], parts[1]);
    }
    return PodExchange.Answer.of(204);
  }

  private static ProgressReport read(byte[] bytes) {
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

  @Override
  public void close() {
    server.close();
  }
}
