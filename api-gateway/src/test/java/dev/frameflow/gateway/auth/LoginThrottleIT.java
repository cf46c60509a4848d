package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The throttle against the real PostgreSQL table every replica shares. */
class LoginThrottleIT extends GatewayIntegrationTest {

  @Autowired JdbcClient jdbc;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
  private LoginThrottle throttle;
  private final String run = UUID.randomUUID().toString();
  private final ExecutorService pool = Executors.newFixedThreadPool(32);

  private LoginThrottle throttle() {
    if (throttle == null) {
      throttle =
          new LoginThrottle(
              new RateLimiter(jdbc, clock),
              new LoginThrottleProperties(5, 5, 20, Duration.ofMinutes(1), Duration.ofDays(90)),
              new RegistrationProperties(
                  3, Duration.ofHours(1), Duration.ofHours(24), false, Duration.ofDays(7), 3));
    }
    return throttle;
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void fiveAttemptsInAWindowThenBlockedUntilTheWindowEnds() {
    String ada = "ada-" + run + "@example.org";
    for (int i = 0; i < 5; i++) {
      assertThat(throttle().loginAttempt(ada, "10.0.0." + i + "-" + run)).isEmpty();
      clock.advance(Duration.ofSeconds(10));
    }
    // window opened at 0s; now 50s: blocked for the 10 s left
    assertThat(throttle().loginAttempt(ada, "10.0.1.1-" + run)).hasValue(Duration.ofSeconds(10));
    assertThat(throttle().loginAttempt("bob-" + run + "@example.org", "10.0.1.1-" + run)).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(throttle().loginAttempt(ada, "10.0.1.2-" + run)).isEmpty();
  }

  @Test
  void guessersExhaustingTheAccountDoNotSpendTheBudgetOfAClientWithAProof() {
    String ada = "ada-" + run + "@example.org";
    for (int i = 0; i < 5; i++) {
      assertThat(throttle().loginAttempt(ada, "bot" + i + "-" + run)).isEmpty();
    }
    assertThat(throttle().loginAttempt(ada, "bot-next-" + run)).isPresent();
    // Ada's client presents its proof: its own five, whatever the unknown clients spent
    for (int i = 0; i < 5; i++) {
      assertThat(throttle().knownClientLoginAttempt("proof-" + run, "192.0.2.7-" + run))
          .as("attempt %d", i)
          .isEmpty();
    }
    assertThat(throttle().knownClientLoginAttempt("proof-" + run, "192.0.2.7-" + run)).isPresent();
    throttle().knownClientLoginSucceeded("proof-" + run, "192.0.2.7-" + run);
    assertThat(throttle().knownClientLoginAttempt("proof-" + run, "192.0.2.7-" + run)).isEmpty();
    // and spending the proof's budget gave the unknown clients nothing back
    assertThat(throttle().loginAttempt(ada, "bot-later-" + run)).isPresent();
  }

  @Test
  void aSuccessfulLoginClearsTheAccountAndRefundsTheAddress() {
    String ada = "ada-" + run + "@example.org";
    String address = "10.0.0.1-" + run;
    for (int i = 0; i < 4; i++) {
      throttle().loginAttempt(ada, address);
    }
    throttle().loginSucceeded(ada, address);
    assertThat(throttle().loginAttempt(ada, "10.0.0.2-" + run)).isEmpty();
    // 30 successful logins from one address never exhaust its budget of 20
    for (int i = 0; i < 30; i++) {
      String user = "user" + i + "-" + run + "@example.org";
      assertThat(throttle().loginAttempt(user, "nat-" + run)).as("login %d", i).isEmpty();
      throttle().loginSucceeded(user, "nat-" + run);
    }
  }

  @Test
  void oneAddressGuessingManyAccountsIsBlockedToo() {
    for (int i = 0; i < 20; i++) {
      assertThat(throttle().loginAttempt("user" + i + "-" + run + "@example.org", "6.6.6-" + run))
          .isEmpty();
    }
    assertThat(throttle().loginAttempt("someone-" + run + "@example.org", "6.6.6-" + run))
        .isPresent();
    assertThat(throttle().loginAttempt("someone-" + run + "@example.org", "6.6.7-" + run))
        .isEmpty();
  }

  @Test
  void parallelAttemptsGetExactlyTheAllowanceBecauseCountingAndCheckingIsOneStatement()
      throws Exception {
    String ada = "ada-" + run + "@example.org";
    List<Callable<Optional<Duration>>> attempts =
        java.util.stream.IntStream.range(0, 200)
            .mapToObj(
                i ->
                    (Callable<Optional<Duration>>)
                        () -> throttle().loginAttempt(ada, "a" + i + "-" + run))
            .toList();
    long allowed = 0;
    for (Future<Optional<Duration>> result : pool.invokeAll(attempts)) {
      if (result.get().isEmpty()) {
        allowed++;
      }
    }
    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void registrationIsCountedPerAddressAndExpiredWindowsArePurged() {
    RateLimiter limiter = new RateLimiter(jdbc, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(throttle().registrationAttempt("reg-" + run)).isEmpty();
    }
    assertThat(throttle().registrationAttempt("reg-" + run)).isPresent();
    clock.advance(Duration.ofHours(2));
    assertThat(limiter.purgeExpired()).isPositive();
    assertThat(
            jdbc.sql("select count(*) from rate_limit where bucket like ?")
                .param("%" + run)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(throttle().registrationAttempt("reg-" + run)).isEmpty();
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

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
