package dev.frameflow.operator.podapi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What one caller (a pod: its address; each pod has its own in a cluster) may hold of the endpoint
 * at once and how fast it may ask, so that one compromised pod cannot take the endpoint from the
 * others: open connections, requests being handled, and a rate (a token bucket of {@code burst}
 * requests refilled at {@code requestsPerSecond}). Also a cap on connections from everyone.
 */
final class CallerLimits {

  /** The answer to a request. */
  enum Verdict {
    ADMITTED,
    TOO_FAST,
    TOO_MANY_AT_ONCE
  }

  /**
   * @param maxConnections open connections from every caller together
   * @param maxConnectionsPerCaller open connections from one caller
   * @param maxInFlightPerCaller requests of one caller being handled at once
   * @param requestsPerSecond the rate one caller's requests are refilled at
   * @param burst how many requests one caller may make at once after a pause
   */
  record Settings(
      int maxConnections,
      int maxConnectionsPerCaller,
      int maxInFlightPerCaller,
      double requestsPerSecond,
      int burst) {

    Settings {
      if (maxConnections < 1
          || maxConnectionsPerCaller < 1
          || maxInFlightPerCaller < 1
          || !(requestsPerSecond > 0)
          || burst < 1) {
        throw new IllegalArgumentException("pod endpoint limits must be positive");
      }
    }
  }

  private static final class Caller {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    private double tokens;
    private long refilledAt;

    Caller(double burst, long now) {
      this.tokens = burst;
      this.refilledAt = now;
    }

    synchronized boolean take(Settings settings, long now) {
      tokens =
          Math.min(
              settings.burst(), tokens + (now - refilledAt) / 1e9 * settings.requestsPerSecond());
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  private final Settings settings;
  private final LongSupplier nanos;
  private final AtomicInteger open = new AtomicInteger();

  /** Callers seen lately: bounded, so that many addresses cost a bounded memory. */
  private final Cache<String, Caller> callers =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(1)).build();

  CallerLimits(Settings settings, LongSupplier nanos) {
    this.settings = settings;
    this.nanos = nanos;
  }

  private Caller caller(String address) {
    return callers.get(address, a -> new Caller(settings.burst(), nanos.getAsLong()));
  }

  /** A new connection: false when the caller or everyone holds too many already (close it). */
  boolean connect(String address) {
    if (open.incrementAndGet() > settings.maxConnections()) {
      open.decrementAndGet();
      return false;
    }
    Caller caller = caller(address);
    if (caller.connections.incrementAndGet() > settings.maxConnectionsPerCaller()) {
      caller.connections.decrementAndGet();
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A connection that {@link #connect} admitted is closed. */
  void disconnect(String address) {
    open.decrementAndGet();
    Caller caller = callers.getIfPresent(address);
    if (caller != null) {
      caller.connections.updateAndGet(n -> Math.max(0, n - 1));
    }
  }

  /** A complete request: whether it may be handled now; when admitted, {@link #done} follows. */
  Verdict admit(String address) {
    Caller caller = caller(address);
    if (!caller.take(settings, nanos.getAsLong())) {
      return Verdict.TOO_FAST;
    }
    if (caller.inFlight.incrementAndGet() > settings.maxInFlightPerCaller()) {
      caller.inFlight.decrementAndGet();
      return Verdict.TOO_MANY_AT_ONCE;
    }
    return Verdict.ADMITTED;
  }

  /** An admitted request was answered. */
  void done(String address) {
    Caller caller = callers.getIfPresent(address);
    if (caller != null) {
      caller.inFlight.updateAndGet(n -> Math.max(0, n - 1));
    }
  }
}
