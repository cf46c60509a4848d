package dev.frameflow.gateway.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class BrowserSessionRepository {

  record Row(
      UUID id, UUID familyId, UUID userId, Instant expiresAt, Instant usedAt, Instant revokedAt) {}

  private final JdbcClient jdbc;

  BrowserSessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID familyId, UUID userId, byte[] tokenHash, Instant now, Instant expiresAt) {
    jdbc.sql(
            "insert into browser_session (id, family_id, user_id, token_hash, created_at,"
                + " expires_at) values (?, ?, ?, ?, ?, ?)")
        .params(UUID.randomUUID(), familyId, userId, tokenHash, ts(now), ts(expiresAt))
        .update();
  }

  /** The token's row, locked for the rest of the transaction (two refreshes serialise). */
  Optional<Row> lockByHash(byte[] tokenHash) {
    return jdbc.sql(
            "select id, family_id, user_id, expires_at, used_at, revoked_at from browser_session"
                + " where token_hash = ? for update")
        .param(tokenHash)
        .query(
            (rs, n) ->
                new Row(
                    rs.getObject("id", UUID.class),
                    rs.getObject("family_id", UUID.class),
                    rs.getObject("user_id", UUID.class),
                    instant(rs.getTimestamp("expires_at")),
                    instant(rs.getTimestamp("used_at")),
                    instant(rs.getTimestamp("revoked_at"))))
        .optional();
  }

  void markUsed(UUID id, Instant now) {
    jdbc.sql("update browser_session set used_at = ? where id = ?").params(ts(now), id).update();
  }

  void revokeFamily(UUID familyId, Instant now) {
    jdbc.sql("update browser_session set revoked_at = coalesce(revoked_at, ?) where family_id = ?")
        .params(ts(now), familyId)
        .update();
  }

  void revokeAllOf(UUID userId, Instant now) {
    jdbc.sql("update browser_session set revoked_at = ? where user_id = ? and revoked_at is null")
        .params(ts(now), userId)
        .update();
  }

  /** Rows a day past their expiry are of no use any more, not even to detect a replay. */
  int deleteExpired(Instant before) {
    return jdbc.sql("delete from browser_session where expires_at < ?").param(ts(before)).update();
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Instant instant(Timestamp value) {
    return value == null ? null : value.toInstant();
  }
}
