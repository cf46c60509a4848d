package dev.frameflow.gateway;

import java.time.Duration;

/** Exponential backoff: {@code first}, 2×first, 4×first … never more than {@code max}. */
public record Backoff(Duration first, Duration max) {

  /** The wait after the given number of failed attempts (1 = after the first failure). */
  public Duration after(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration delay = first.multipliedBy(factor);
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
