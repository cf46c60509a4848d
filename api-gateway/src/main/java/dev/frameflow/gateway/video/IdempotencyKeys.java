package dev.frameflow.gateway.video;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} on {@code POST /api/videos} and {@code POST /api/videos/import}: the
 * first request with a key claims it (a row IN_PROGRESS); its accepted answer is stored in the same
 * transaction as the videos, and every later request of the same user with the same key gets that
 * answer back, with no second video, for {@code idempotencyRetention} (24 h). A request that fails
 * stores nothing and frees the key, so the client may retry with it. A concurrent repeat gets 409
 * while the first is running.
 *
 * <p>The key is bound to the request that claimed it ({@link Request}: method, path and a hash of
 * what identifies the request): the same key sent with another request is refused with 422 {@code
 * idempotency-key-reused} instead of being answered with the first request's answer, which would
 * tell the client that something it never asked for was done.
 */
@Component
public class IdempotencyKeys {

  // printable ASCII, as the IETF draft's examples; a UUID fits
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]{1,255}");
  // a claim older than this belongs to a replica that died mid-upload: it may be taken over
  private static final Duration ABANDONED_AFTER = Duration.ofHours(6);

  private final JdbcClient jdbc;
  private final UploadProperties properties;
  private final Clock clock;

  public IdempotencyKeys(JdbcClient jdbc, UploadProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** The answer stored for a key. */
  public record StoredResponse(int status, String body) {}

  /**
   * What a key is bound to: the method, the path and a SHA-256 of the parts that identify the
   * request (for an upload its query string and declared length, for an import its JSON body).
   */
  public record Request(String method, String path, String hash) {

    public static Request of(String method, String path, String... identifyingParts) {
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
      for (String part : identifyingParts) {
        byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
        // length-prefixed, so that ("ab", "c") and ("a", "bc") differ
        sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha256.update(bytes);
      }
      return new Request(method, path, HexFormat.of().formatHex(sha256.digest()));
    }
  }

  /** Checks the header's syntax; 400 {@code invalid-idempotency-key} when it is wrong. */
  public static String validated(String key) {
    if (!VALID.matcher(key).matches()) {
      throw ApiProblem.of(
          ProblemType.INVALID_IDEMPOTENCY_KEY,
          "the Idempotency-Key must be 1 to 255 printable ASCII characters");
    }
    return key;
  }

  /**
   * Claims the key for this request: empty when the caller should go ahead, else the answer of the
   * earlier request with the key. 409 while that request is still running; 422 when the key was
   * claimed by another request.
   */
  public Optional<StoredResponse> claim(UUID userId, String key, Request request) {
    Instant now = clock.instant();
    // an expired answer or an abandoned claim no longer holds the key
    jdbc.sql(
            "delete from idempotency_key where user_id = ? and idempotency_key = ?"
                + " and ((status = 'COMPLETED' and created_at < ?)"
                + "   or (status = 'IN_PROGRESS' and created_at < ?))")
        .params(
            userId,
            key,
            Timestamp.from(now.minus(properties.idempotencyRetention())),
            Timestamp.from(now.minus(ABANDONED_AFTER)))
        .update();
    int claimed =
        jdbc.sql(
                "insert into idempotency_key (user_id, idempotency_key, status, created_at,"
                    + " request_method, request_path, request_hash)"
                    + " values (?, ?, 'IN_PROGRESS', ?, ?, ?, ?) on conflict do nothing")
            .params(
                userId, key, Timestamp.from(now), request.method(), request.path(), request.hash())
            .update();
    if (claimed == 1) {
      return Optional.empty();
    }
    Optional<Claimed> earlier =
        jdbc.sql(
                "select status, response_status, response_body, request_method, request_path,"
                    + " request_hash from idempotency_key where user_id = ? and idempotency_key = ?")
            .params(userId, key)
            .query(
                (rs, row) ->
                    new Claimed(
                        rs.getString("status"),
                        new StoredResponse(
                            rs.getInt("response_status"), rs.getString("response_body")),
                        rs.getString("request_method") == null
                            ? null
                            : new Request(
                                rs.getString("request_method"),
                                rs.getString("request_path"),
                                rs.getString("request_hash"))))
            .optional();
    // a key claimed before keys were bound (no request stored) answers as it did then
    if (earlier.isPresent()
        && earlier.get().request() != null
        && !earlier.get().request().equals(request)) {
      throw ApiProblem.of(
          ProblemType.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used for another request ("
              + earlier.get().request().method()
              + " "
              + earlier.get().request().path()
              + " with other content); use a new key for a new request");
    }
    Optional<StoredResponse> stored =
        earlier.filter(e -> "COMPLETED".equals(e.status())).map(Claimed::response);
    if (stored.isEmpty()) {
      throw ApiProblem.of(
          ProblemType.IDEMPOTENCY_KEY_IN_USE,
          "a request with this Idempotency-Key is still in progress",
          UploadAdmission.RETRY_AFTER);
    }
    return stored;
  }

  private record Claimed(String status, StoredResponse response, Request request) {}

  /** Stores the answer; call inside the transaction that registers the videos. */
  public void complete(UUID userId, String key, int status, String body) {
    jdbc.sql(
            "update idempotency_key set status = 'COMPLETED', response_status = ?,"
                + " response_body = ? where user_id = ? and idempotency_key = ?")
        .params(status, body, userId, key)
        .update();
  }

  /** Frees the key after a failed request. */
  public void release(UUID userId, String key) {
    jdbc.sql(
            "delete from idempotency_key where user_id = ? and idempotency_key = ?"
                + " and status = 'IN_PROGRESS'")
        .params(userId, key)
        .update();
  }

  public int purgeExpired() {
    return jdbc.sql("delete from idempotency_key where created_at < ?")
        .param(Timestamp.from(clock.instant().minus(properties.idempotencyRetention())))
        .update();
  }
}
