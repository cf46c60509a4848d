package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a pod asks for its grant again: a pure function of the clock and the grant's times. */
class GrantRenewalTest {

  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  static GrantRenewal.Decision at(Duration after, Duration lifetime, Instant retryAfter) {
    return GrantRenewal.decide(T0.plus(after), T0, T0.plus(lifetime), retryAfter);
  }

  @Test
  void aGrantThatDoesNotSayWhenItEndsIsNeverRenewed() {
    assertThat(GrantRenewal.decide(T0.plus(Duration.ofDays(9)), T0, null, null))
        .isInstanceOf(GrantRenewal.Keep.class);
  }

  @Test
  void anHoursGrantIsRenewedWhenAFifthIsLeft() {
    Duration hour = Duration.ofHours(1);
    assertThat(GrantRenewal.renewAt(T0, T0.plus(hour))).isEqualTo(T0.plus(Duration.ofMinutes(48)));
    assertThat(at(Duration.ofMinutes(47), hour, null)).isInstanceOf(GrantRenewal.Keep.class);
    assertThat(at(Duration.ofMinutes(48), hour, null)).isInstanceOf(GrantRenewal.Renew.class);
    assertThat(at(Duration.ofMinutes(59), hour, null)).isInstanceOf(GrantRenewal.Renew.class);
  }

  @Test
  void aShortGrantIsRenewedTwoMinutesBeforeItEnds() {
    // a fifth of 5 minutes is 1 minute: the 2 minutes come first
    assertThat(GrantRenewal.renewAt(T0, T0.plus(Duration.ofMinutes(5))))
        .isEqualTo(T0.plus(Duration.ofMinutes(3)));
    // 10 minutes: both are 2 minutes
    assertThat(GrantRenewal.renewAt(T0, T0.plus(Duration.ofMinutes(10))))
        .isEqualTo(T0.plus(Duration.ofMinutes(8)));
  }

  @Test
  void aGrantOfAFewSecondsIsRenewedHalfWayNotAtOnce() {
    assertThat(GrantRenewal.renewAt(T0, T0.plus(Duration.ofSeconds(20))))
        .isEqualTo(T0.plus(Duration.ofSeconds(10)));
    assertThat(at(Duration.ofSeconds(9), Duration.ofSeconds(20), null))
        .isInstanceOf(GrantRenewal.Keep.class);
    assertThat(at(Duration.ofSeconds(10), Duration.ofSeconds(20), null))
        .isInstanceOf(GrantRenewal.Renew.class);
    // a grant that was already over when it came (clocks apart): renewed at once
    assertThat(GrantRenewal.renewAt(T0, T0.minusSeconds(1))).isEqualTo(T0);
  }

  @Test
  void anExpiredGrantMustBeRenewedWhateverTheBackoff() {
    Duration hour = Duration.ofHours(1);
    assertThat(at(hour, hour, null)).isInstanceOf(GrantRenewal.Expired.class);
    assertThat(at(hour.plusMinutes(5), hour, T0.plus(Duration.ofHours(2))))
        .isInstanceOf(GrantRenewal.Expired.class);
  }

  @Test
  void aFailedRenewalIsTriedAgainAfterABackoffThatStopsAtTheExpiry() {
    Duration hour = Duration.ofHours(1);
    Instant failedAt = T0.plus(Duration.ofMinutes(50));
    Instant retry = GrantRenewal.retryAfter(failedAt, 1, T0.plus(hour));
    assertThat(retry).isEqualTo(failedAt.plusSeconds(1));
    assertThat(GrantRenewal.decide(failedAt.plusMillis(500), T0, T0.plus(hour), retry))
        .isInstanceOf(GrantRenewal.Keep.class);
    assertThat(GrantRenewal.decide(retry, T0, T0.plus(hour), retry))
        .isInstanceOf(GrantRenewal.Renew.class);

    assertThat(GrantRenewal.retryAfter(failedAt, 2, T0.plus(hour)))
        .isEqualTo(failedAt.plusSeconds(2));
    assertThat(GrantRenewal.retryAfter(failedAt, 4, T0.plus(hour)))
        .isEqualTo(failedAt.plusSeconds(8));
    assertThat(GrantRenewal.retryAfter(failedAt, 9, T0.plus(hour)))
        .isEqualTo(failedAt.plusSeconds(30));
    // never past the expiry: the last try is made as the grant ends
    Instant end = failedAt.plusSeconds(5);
    assertThat(GrantRenewal.retryAfter(failedAt, 9, end)).isEqualTo(end);
  }
}
