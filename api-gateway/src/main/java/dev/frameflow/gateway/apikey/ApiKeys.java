package dev.frameflow.gateway.apikey;

import dev.frameflow.gateway.auth.SecretTokens;
import dev.frameflow.gateway.problem.ApiProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * API keys: {@code ffk_} + 43 random characters, shown once at creation; only the SHA-256 is stored
 * (256 random bits need no slow hash, so checking a key costs one indexed lookup).
 */
@Component
public class ApiKeys {

  /** Every key starts with this, so the bearer filter tells keys from JWTs at a glance. */
  public static final String PREFIX = "ffk_";

  private static final int MAX_KEYS_PER_USER = 20;

  private final JdbcClient jdbc;
  private final Clock clock;

  public ApiKeys(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A key as listed: never the secret. */
  public record ApiKey(
      UUID id,
      String name,
      String prefix,
      ApiKeyScope scope,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** The key's owner and scope, when a presented key is valid. */
  public record Holder(UUID userId, ApiKeyScope scope) {}

  /** Creates a key; returns it with the secret, which is never shown again. */
  public Created create(UUID userId, String name, ApiKeyScope scope) {
    long active =
        jdbc.sql("select count(*) from api_key where user_id = ? and revoked_at is null")
            .param(userId)
            .query(Long.class)
            .single();
    if (active >= MAX_KEYS_PER_USER) {
      throw ApiProblem.conflict(
          "at most " + MAX_KEYS_PER_USER + " active API keys; revoke one first");
    }
    String secret = PREFIX + SecretTokens.random();
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    String prefix = secret.substring(0, 12);
    jdbc.sql(
            "insert into api_key (id, user_id, name, prefix, secret_hash, scope, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(
            id,
            userId,
            name.strip(),
            prefix,
            SecretTokens.hash(secret),
            scope.value(),
            Timestamp.from(now))
        .update();
    return new Created(new ApiKey(id, name.strip(), prefix, scope, now, null, null), secret);
  }

  public record Created(ApiKey key, String secret) {}

  public List<ApiKey> list(UUID userId) {
    return jdbc.sql("select * from api_key where user_id = ? order by created_at desc, id")
        .param(userId)
        .query(
            (rs, row) ->
                new ApiKey(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    rs.getString("prefix"),
                    ApiKeyScope.parse(rs.getString("scope")),
                    rs.getTimestamp("created_at").toInstant(),
                    instant(rs.getTimestamp("last_used_at")),
                    instant(rs.getTimestamp("revoked_at"))))
        .list();
  }

  /** Revokes the user's key; 404 for another user's or an unknown key. Repeats are harmless. */
  public void revoke(UUID userId, UUID keyId) {
    int found =
        jdbc.sql(
                "update api_key set revoked_at = coalesce(revoked_at, ?)"
                    + " where id = ? and user_id = ?")
            .params(Timestamp.from(clock.instant()), keyId, userId)
            .update();
    if (found == 0) {
      throw ApiProblem.notFound("no API key with id " + keyId);
    }
  }

  /** Revokes every key of the user (signed out everywhere, a new password); returns how many. */
  public int revokeAll(UUID userId) {
    return jdbc.sql("update api_key set revoked_at = ? where user_id = ? and revoked_at is null")
        .params(Timestamp.from(clock.instant()), userId)
        .update();
  }

  /** The holder of a valid, unrevoked key; records when it was last used. */
  public Optional<Holder> authenticate(String presented) {
    if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql(
            "update api_key set last_used_at = ? where secret_hash = ? and revoked_at is null"
                + " returning user_id, scope")
        .params(Timestamp.from(clock.instant()), SecretTokens.hash(presented))
        .query(
            (rs, row) ->
                new Holder(
                    rs.getObject("user_id", UUID.class), ApiKeyScope.parse(rs.getString("scope"))))
        .optional();
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
