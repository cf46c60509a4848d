package dev.frameflow.gateway.auth;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Long-lived refresh tokens that rotate: each use consumes the token and issues its successor in
 * the same family (one family per sign-in). Presenting a consumed token again means two parties
 * hold it, so the whole family is revoked and both must sign in again. Only SHA-256 hashes are
 * stored. A browser session cookie can carry the same tokens.
 */
@Component
public class RefreshTokens {

  private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final Duration ttl;
  private final Clock clock;

  public RefreshTokens(
      JdbcClient jdbc, TransactionTemplate transaction, JwtProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.ttl = properties.refreshTtl();
    this.clock = clock;
  }

  /** A refresh token as handed to the client, with the user it speaks for. */
  public record Issued(UUID id, UUID userId, UUID familyId, String value, Instant expiresAt) {}

  /** The first token of a new family (a sign-in). */
  public Issued issue(UUID userId) {
    return insert(userId, UUID.randomUUID());
  }

  /** Consumes {@code raw} and returns its successor; 401 for anything not currently valid. */
  public Issued rotate(String raw) {
    Instant now = clock.instant();
    Optional<Issued> next =
        transaction.execute(
            status -> {
              Optional<Row> row =
                  jdbc.sql("select * from refresh_token where token_hash = ? for update")
                      .param(SecretTokens.hash(raw == null ? "" : raw))
                      .query(
                          (rs, n) ->
                              new Row(
                                  rs.getObject("id", UUID.class),
                                  rs.getObject("family_id", UUID.class),
                                  rs.getObject("user_id", UUID.class),
                                  rs.getTimestamp("expires_at").toInstant(),
                                  rs.getTimestamp("used_at") != null,
                                  rs.getTimestamp("revoked_at") != null))
                      .optional();
              if (row.isEmpty() || row.get().revoked() || !row.get().expiresAt().isAfter(now)) {
                return Optional.empty();
              }
              if (row.get().used()) {
                revokeFamily(row.get().familyId(), now);
                log.warn("refresh token of family {} reused: family revoked", row.get().familyId());
                return Optional.<Issued>empty();
              }
              Issued successor = insert(row.get().userId(), row.get().familyId());
              jdbc.sql("update refresh_token set used_at = ?, replaced_by = ? where id = ?")
                  .params(Timestamp.from(now), successor.id(), row.get().id())
                  .update();
              return Optional.of(successor);
            });
    return next.orElseThrow(
        () ->
            ApiProblem.of(
                ProblemType.INVALID_REFRESH_TOKEN,
                "the refresh token is not valid (expired, revoked or already used); sign in again"));
  }

  /** Ends the sign-in {@code raw} belongs to; unknown tokens are ignored (idempotent). */
  public void revoke(String raw) {
    Instant now = clock.instant();
    jdbc.sql("select family_id from refresh_token where token_hash = ?")
        .param(SecretTokens.hash(raw == null ? "" : raw))
        .query(UUID.class)
        .optional()
        .ifPresent(family -> revokeFamily(family, now));
  }

  /** Ends every sign-in of the user. */
  public void revokeAll(UUID userId) {
    jdbc.sql("update refresh_token set revoked_at = ? where user_id = ? and revoked_at is null")
        .params(Timestamp.from(clock.instant()), userId)
        .update();
  }

  /** Deletes tokens expired for a day; returns how many. */
  public int purgeExpired() {
    return jdbc.sql("delete from refresh_token where expires_at < ?")
        .param(Timestamp.from(clock.instant().minus(Duration.ofDays(1))))
        .update();
  }

  private void revokeFamily(UUID familyId, Instant now) {
    jdbc.sql("update refresh_token set revoked_at = ? where family_id = ? and revoked_at is null")
        .params(Timestamp.from(now), familyId)
        .update();
  }

  private Issued insert(UUID userId, UUID familyId) {
    Instant now = clock.instant();
    String raw = SecretTokens.random();
    UUID id = UUID.randomUUID();
    Instant expiresAt = now.plus(ttl);
    jdbc.sql(
            "insert into refresh_token (id, family_id, user_id, token_hash, issued_at, expires_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            id,
            familyId,
            userId,
            SecretTokens.hash(raw),
            Timestamp.from(now),
            Timestamp.from(expiresAt))
        .update();
    return new Issued(id, userId, familyId, raw, expiresAt);
  }

  private record Row(
      UUID id, UUID familyId, UUID userId, Instant expiresAt, boolean used, boolean revoked) {}
}
