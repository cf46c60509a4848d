package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
  private final LoginThrottle throttle =
      new LoginThrottle(new LoginThrottleProperties(5, 20, Duration.ofMinutes(1)), clock);

  @Test
  void fiveFailuresInAMinuteBlockTheAccountUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.blockedFor("ada@example.org", "10.0.0." + i)).isEmpty();
      throttle.recordFailure("ada@example.org", "10.0.0." + i);
      clock.advance(Duration.ofSeconds(10));
    }
    // failures at 0s,10s,20s,30s,40s; now 50s: the first leaves the window at 60s
    assertThat(throttle.blockedFor("ada@example.org", "10.0.1.1")).hasValue(Duration.ofSeconds(10));
    assertThat(throttle.blockedFor("bob@example.org", "10.0.1.1")).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(throttle.blockedFor("ada@example.org", "10.0.1.1")).isEmpty();
  }

  @Test
  void aSuccessfulLoginClearsTheAccountsFailures() {
    for (int i = 0; i < 4; i++) {
      throttle.recordFailure("ada@example.org", "10.0.0.1");
    }
    throttle.recordSuccess("ada@example.org");
    throttle.recordFailure("ada@example.org", "10.0.0.1");
    assertThat(throttle.blockedFor("ada@example.org", "10.0.0.2")).isEmpty();
  }

  @Test
  void oneAddressGuessingManyAccountsIsBlockedToo() {
    for (int i = 0; i < 20; i++) {
      throttle.recordFailure("user" + i + "@example.org", "10.6.6.6");
    }
    assertThat(throttle.blockedFor("someone@example.org", "10.6.6.6")).isPresent();
    assertThat(throttle.blockedFor("someone@example.org", "10.6.6.7")).isEmpty();
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
