package dev.frameflow.operator.reconciler;

import java.util.function.LongSupplier;

/**
 * A token bucket for Event writes: up to {@code burst} at once, then {@code perSecond} on average.
 * Events are a courtesy next to Jobs and statuses, so a burst of VideoJobs spends the API server on
 * those first (client-go paces its Event writes for the same reason); the Events follow, in order.
 * Used by the single writer thread only.
 */
final class EventPacing {

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private double tokens;
  private long refilledAt;

  EventPacing(double perSecond, int burst, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "events per second must be > 0 and the burst >= 1, were " + perSecond + ", " + burst);
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.refilledAt = nanoClock.getAsLong();
  }

  /** Takes a token if one is there and returns 0, or returns the nanoseconds until there is one. */
  long tryTake() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }

  /** Waits for a token. */
  void take() throws InterruptedException {
    for (long wait = tryTake(); wait > 0; wait = tryTake()) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }
}
