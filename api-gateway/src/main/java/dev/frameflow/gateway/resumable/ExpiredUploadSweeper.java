package dev.frameflow.gateway.resumable;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes abandoned resumable uploads: an unfinished one past its expiry has its S3 multipart
 * upload aborted (S3 keeps unfinished parts, and bills them, until then) and its tail deleted; a
 * finished one past its expiry only loses its row (the video owns the object). Every replica runs
 * the sweep; rows being swept elsewhere are skipped ({@code skip locked}).
 */
@Component
class ExpiredUploadSweeper {

  private static final Logger log = LoggerFactory.getLogger(ExpiredUploadSweeper.class);
  private static final int BATCH = 50;

  private final ResumableUploadRepository uploads;
  private final ResumableUploadService service;
  private final TransactionTemplate transaction;
  private final Clock clock;

  ExpiredUploadSweeper(
      ResumableUploadRepository uploads,
      ResumableUploadService service,
      TransactionTemplate transaction,
      Clock clock) {
    this.uploads = uploads;
    this.service = service;
    this.transaction = transaction;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${frameflow.resumable.sweep-interval:1m}",
      initialDelayString = "${frameflow.resumable.sweep-interval:1m}")
  void sweepScheduled() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("sweeping expired resumable uploads failed; next round retries", e);
    }
  }

  /** Sweeps until no expired upload is left; returns how many were removed. */
  int sweep() {
    int total = 0;
    while (true) {
      Integer swept =
          transaction.execute(
              status -> {
                List<ResumableUpload> expired = uploads.lockExpired(clock.instant(), BATCH);
                expired.forEach(service::discard);
                return expired.size();
              });
      total += swept;
      if (swept < BATCH) {
        if (total > 0) {
          log.info("removed {} expired resumable uploads", total);
        }
        return total;
      }
    }
  }
}
