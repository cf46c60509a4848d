package dev.frameflow.gateway.video;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-user limits read from the videos themselves, so every replica sees the same numbers: videos
 * waiting (QUEUED) and bytes uploaded in the last 24 hours. Checked before the body is read.
 */
@Component
public class UserQuota {

  static final Duration DAY = Duration.ofHours(24);
  private static final Duration QUEUE_RETRY = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final UploadProperties properties;
  private final Clock clock;

  public UserQuota(JdbcClient jdbc, UploadProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** 429 when the user may not start another upload of {@code declaredBytes} (-1: unknown). */
  public void check(UUID userId, long declaredBytes) {
    long queued =
        jdbc.sql("select count(*) from video where owner_id = ? and status = 'QUEUED'")
            .param(userId)
            .query(Long.class)
            .single();
    if (queued >= properties.maxQueuedPerUser()) {
      throw ApiProblem.of(
          ProblemType.QUEUE_FULL,
          "you have "
              + queued
              + " videos waiting; at most "
              + properties.maxQueuedPerUser()
              + " may wait at once",
          QUEUE_RETRY);
    }
    Instant now = clock.instant();
    Instant since = now.minus(DAY);
    long used =
        jdbc.sql(
                "select coalesce(sum(size_bytes), 0) from video"
                    + " where owner_id = ? and created_at > ?")
            .params(userId, Timestamp.from(since))
            .query(Long.class)
            .single();
    long limit = properties.maxBytesPerDay().toBytes();
    if (used >= limit || (declaredBytes > 0 && used + declaredBytes > limit + 64 * 1024)) {
      Timestamp oldest =
          jdbc.sql("select min(created_at) from video where owner_id = ? and created_at > ?")
              .params(userId, Timestamp.from(since))
              .query(Timestamp.class)
              .optional()
              .orElse(null);
      Duration wait = oldest == null ? DAY : Duration.between(now, oldest.toInstant().plus(DAY));
      throw ApiProblem.of(
          ProblemType.DAILY_UPLOAD_QUOTA,
          "uploads are limited to "
              + UploadReceiver.readable(properties.maxBytesPerDay())
              + " in 24 hours",
          wait.isNegative() || wait.isZero() ? Duration.ofMinutes(1) : wait);
    }
  }
}
