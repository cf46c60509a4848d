package dev.frameflow.gateway.housekeeping;

import dev.frameflow.gateway.account.PasswordResets;
import dev.frameflow.gateway.auth.EmailVerification;
import dev.frameflow.gateway.auth.RateLimiter;
import dev.frameflow.gateway.auth.RefreshTokens;
import dev.frameflow.gateway.video.IdempotencyKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes rows that have served their purpose, so no table grows without bound: de-duplication
 * records of consumed events older than {@code frameflow.retention.processed-events} (a redelivery
 * comes within minutes, not weeks), expired throttle windows, idempotency answers, refresh tokens
 * and verification and password reset links. Every statement is idempotent, so replicas running it
 * at the same time do no harm.
 */
@Component
public class RetentionPurge {

  private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

  private final JdbcClient jdbc;
  private final RateLimiter rateLimiter;
  private final IdempotencyKeys idempotencyKeys;
  private final RefreshTokens refreshTokens;
  private final EmailVerification verification;
  private final PasswordResets passwordResets;
  private final Duration processedEventRetention;
  private final Clock clock;

  public RetentionPurge(
      JdbcClient jdbc,
      RateLimiter rateLimiter,
      IdempotencyKeys idempotencyKeys,
      RefreshTokens refreshTokens,
      EmailVerification verification,
      PasswordResets passwordResets,
      @Value("${frameflow.retention.processed-events:14d}") Duration processedEventRetention,
      Clock clock) {
    this.jdbc = jdbc;
    this.rateLimiter = rateLimiter;
    this.idempotencyKeys = idempotencyKeys;
    this.refreshTokens = refreshTokens;
    this.verification = verification;
    this.passwordResets = passwordResets;
    this.processedEventRetention = processedEventRetention;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${frameflow.retention.purge-interval:1m}",
      initialDelayString = "${frameflow.retention.purge-interval:1m}")
  public void purge() {
    try {
      int events = purgeProcessedEvents();
      int windows = rateLimiter.purgeExpired();
      int keys = idempotencyKeys.purgeExpired();
      int tokens = refreshTokens.purgeExpired();
      int links = verification.purgeExpired() + passwordResets.purgeExpired();
      if (events + windows + keys + tokens + links > 0) {
        log.debug(
            "purged {} processed events, {} throttle windows, {} idempotency keys,"
                + " {} refresh tokens, {} verification and reset links",
            events,
            windows,
            keys,
            tokens,
            links);
      }
    } catch (RuntimeException e) {
      log.warn("retention purge failed; next run retries: {}", e.toString());
    }
  }

  /** Deletes de-duplication records older than the retention; returns how many. */
  public int purgeProcessedEvents() {
    return jdbc.sql("delete from processed_event where processed_at < ?")
        .param(Timestamp.from(clock.instant().minus(processedEventRetention)))
        .update();
  }
}
