package dev.frameflow.extractor.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * When a pod asks the operator for its grant again: its URLs end at the grant's {@code expiresAt}
 * (the operator's temporary credentials end then). It renews once a fifth of the grant's lifetime
 * or 2 minutes remain, whichever comes first (an hour's grant at 48 minutes, a 5 minutes' one at
 * 3), but never before half of the lifetime is spent (a grant of a few seconds is not asked for
 * again and again). A renewal that fails is tried again after a backoff, while the grant still
 * works; once it has expired, a renewal is the only way on.
 */
final class GrantRenewal {

  /** Renew at the latest when this much is left. */
  static final Duration LEAD = Duration.ofMinutes(2);

  /** ... or when this share of the lifetime is left, if that comes first. */
  static final double SHARE = 0.2;

  /** Between failed renewals: 1 s, doubling, at most 30 s. */
  static final RetryBackoff BACKOFF =
      new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  private GrantRenewal() {}

  /** What to do before the next request. */
  sealed interface Decision {}

  /** The grant serves: no renewal (none due, or a failed one not to be tried again yet). */
  record Keep() implements Decision {}

  /** Ask for a new grant; on failure the current one still serves, until it expires. */
  record Renew() implements Decision {}

  /** The grant has expired: renew or fail. */
  record Expired() implements Decision {}

  /**
   * @param receivedAt when the pod got the grant (its own clock: the lifetime is measured on it)
   * @param expiresAt the grant's {@code expiresAt}; null: it does not end before the Job's deadline
   * @param retryAfter after a failed renewal, no new attempt before then (null: none failed)
   */
  static Decision decide(Instant now, Instant receivedAt, Instant expiresAt, Instant retryAfter) {
    if (expiresAt == null) {
      return new Keep();
    }
    if (!now.isBefore(expiresAt)) {
      return new Expired();
    }
    if (now.isBefore(renewAt(receivedAt, expiresAt))) {
      return new Keep();
    }
    return retryAfter != null && now.isBefore(retryAfter) ? new Keep() : new Renew();
  }

  /**
   * When a grant received at {@code receivedAt} and ending at {@code expiresAt} is renewed: {@code
   * expiresAt} less the larger of {@link #LEAD} and a fifth of the lifetime, but not before half of
   * the lifetime.
   */
  static Instant renewAt(Instant receivedAt, Instant expiresAt) {
    Duration lifetime = Duration.between(receivedAt, expiresAt);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return receivedAt;
    }
    Duration share = Duration.ofMillis((long) (lifetime.toMillis() * SHARE));
    Duration lead = share.compareTo(LEAD) > 0 ? share : LEAD;
    Duration half = lifetime.dividedBy(2);
    if (lead.compareTo(half) > 0) {
      lead = half;
    }
    return expiresAt.minus(lead);
  }

  /**
   * The pause after the {@code failures}-th failed renewal in a row: 1 s, doubling, at most 30 s,
   * and never past {@code expiresAt} (the last attempt is made as the grant expires).
   */
  static Instant retryAfter(Instant now, int failures, Instant expiresAt) {
    Instant next = now.plus(BACKOFF.after(failures));
    return expiresAt != null && next.isAfter(expiresAt) ? expiresAt : next;
  }
}
