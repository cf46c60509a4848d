package dev.frameflow.gateway.housekeeping;

import dev.frameflow.gateway.account.AccountDeletion;
import dev.frameflow.gateway.auth.RegistrationProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes accounts that never confirmed their address within {@code
 * frameflow.registration.unverified-account-ttl} (7 days), with everything they own, a batch per
 * run: an address registered by someone who cannot read its mail is not held for ever. Replicas
 * running it at the same time may both try an account; a deletion is idempotent.
 */
@Component
public class UnverifiedAccountPurge {

  private static final Logger log = LoggerFactory.getLogger(UnverifiedAccountPurge.class);
  private static final int BATCH = 100;

  private final JdbcClient jdbc;
  private final AccountDeletion deletion;
  private final RegistrationProperties registration;
  private final Clock clock;

  public UnverifiedAccountPurge(
      JdbcClient jdbc, AccountDeletion deletion, RegistrationProperties registration, Clock clock) {
    this.jdbc = jdbc;
    this.deletion = deletion;
    this.registration = registration;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${frameflow.retention.purge-interval:1m}",
      initialDelayString = "${frameflow.retention.purge-interval:1m}")
  void purgeScheduled() {
    try {
      int deleted = purge();
      if (deleted > 0) {
        log.info("deleted {} accounts that never confirmed their address", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("unverified account purge failed; next run retries: {}", e.toString());
    }
  }

  /** Deletes up to a batch of unverified accounts past the limit; returns how many. */
  public int purge() {
    List<UUID> expired =
        jdbc.sql(
                "select id from app_user where email_verified_at is null and created_at < ?"
                    + " order by created_at limit ?")
            .params(
                Timestamp.from(clock.instant().minus(registration.unverifiedAccountTtl())), BATCH)
            .query(UUID.class)
            .list();
    int deleted = 0;
    for (UUID id : expired) {
      try {
        deletion.delete(id);
        deleted++;
      } catch (RuntimeException e) {
        log.warn("unverified account {} not deleted yet: {}", id, e.toString());
      }
    }
    return deleted;
  }
}
