package dev.frameflow.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts failed logins in a sliding window per account and per client address. While either is over
 * its limit, login answers 429 with how long to wait. State is per replica (in memory): with N
 * replicas an attacker gets at most N times the budget, which still defeats online guessing.
 */
public class LoginThrottle {

  private final LoginThrottleProperties properties;
  private final Clock clock;
  private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(LoginThrottleProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /** How long the caller must wait before trying again, or empty when a try is allowed. */
  public Optional<Duration> blockedFor(String account, String address) {
    Instant now = clock.instant();
    Duration wait =
        max(
            waitFor("account:" + account, properties.maxFailuresPerAccount(), now),
            waitFor("address:" + address, properties.maxFailuresPerAddress(), now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  public void recordFailure(String account, String address) {
    Instant now = clock.instant();
    record("account:" + account, now);
    record("address:" + address, now);
  }

  public void recordSuccess(String account) {
    failures.remove("account:" + account);
  }

  private void record(String key, Instant now) {
    failures.compute(
        key,
        (k, times) -> {
          Deque<Instant> deque = times == null ? new ArrayDeque<>() : times;
          prune(deque, now);
          deque.addLast(now);
          return deque;
        });
  }

  private Duration waitFor(String key, int limit, Instant now) {
    Duration[] wait = {Duration.ZERO};
    failures.computeIfPresent(
        key,
        (k, times) -> {
          prune(times, now);
          if (times.size() >= limit) {
            // the oldest failure that keeps us at the limit must leave the window first
            Instant freedAt = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
            wait[0] = Duration.between(now, freedAt.plus(properties.window()));
          }
          return times.isEmpty() ? null : times;
        });
    return wait[0].isNegative() ? Duration.ZERO : wait[0];
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant horizon = now.minus(properties.window());
    while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
      times.removeFirst();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
