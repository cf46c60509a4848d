package dev.frameflow.extractor.cli;

import java.time.Duration;

/**
 * Exponential backoff: the pause after the n-th failed attempt in a row is {@code first}, doubled
 * for each further failure, at most {@code max}. Shared by the grant's first fetch ({@link
 * AccessGrantClient}) and its renewals ({@link GrantRenewal}).
 */
record RetryBackoff(Duration first, Duration max) {

  /** The pause after the {@code failures}-th failure in a row (the first for 1 or less). */
  Duration after(int failures) {
    Duration pause = first;
    for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) > 0 ? max : pause;
  }
}
