package dev.frameflow.gateway.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in PostgreSQL, shared by every replica. {@link #tryAcquire} counts the
 * attempt and answers whether it is within the allowance in ONE statement (an upsert), so parallel
 * requests cannot all slip through between a check and a record, and the check happens before any
 * expensive work (bcrypt). Storage is one row per bucket, purged once its window is over.
 */
@Component
public class RateLimiter {

  private final JdbcClient jdbc;
  private final Clock clock;

  public RateLimiter(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Counts one attempt in {@code bucket}; empty when it is within {@code limit} per {@code window},
   * otherwise how long until the window ends.
   */
  public Optional<Duration> tryAcquire(String bucket, int limit, Duration window) {
    Instant now = clock.instant();
    Counted counted =
        jdbc.sql(
                "insert into rate_limit (bucket, hits, window_start, expires_at)"
                    + " values (?, 1, ?, ?)"
                    + " on conflict (bucket) do update set"
                    + "  hits = case when rate_limit.expires_at <= excluded.window_start"
                    + "    then 1 else rate_limit.hits + 1 end,"
                    + "  window_start = case when rate_limit.expires_at <= excluded.window_start"
                    + "    then excluded.window_start else rate_limit.window_start end,"
                    + "  expires_at = case when rate_limit.expires_at <= excluded.window_start"
                    + "    then excluded.expires_at else rate_limit.expires_at end"
                    + " returning hits, expires_at")
            .params(key(bucket), Timestamp.from(now), Timestamp.from(now.plus(window)))
            .query(
                (rs, row) ->
                    new Counted(rs.getInt("hits"), rs.getTimestamp("expires_at").toInstant()))
            .single();
    if (counted.hits() <= limit) {
      return Optional.empty();
    }
    Duration wait = Duration.between(now, counted.expiresAt());
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  /** Forgets the bucket (a successful login clears its account's count). */
  public void reset(String bucket) {
    jdbc.sql("delete from rate_limit where bucket = ?").param(key(bucket)).update();
  }

  /** Gives one attempt back (it turned out legitimate); never below zero. */
  public void refund(String bucket) {
    jdbc.sql("update rate_limit set hits = greatest(hits - 1, 0) where bucket = ?")
        .param(key(bucket))
        .update();
  }

  /** Deletes the rows whose window is over; returns how many. */
  public int purgeExpired() {
    return jdbc.sql("delete from rate_limit where expires_at <= ?")
        .param(Timestamp.from(clock.instant()))
        .update();
  }

  private static String key(String bucket) {
    return bucket.length() <= 320 ? bucket : bucket.substring(0, 320);
  }

  private record Counted(int hits, Instant expiresAt) {}
}
