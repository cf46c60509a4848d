package dev.frameflow.contracts.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last runs' times, for an estimate of when a waiting video starts: with {@code cap} pods
 * turning over every mean run time, the pods ahead of a video (and its own) are through after
 * {@code mean × (podsAhead + 1) / cap}. An estimate, shown as one: runs vary, and a new video may
 * be owed a slot before this one (fair share).
 */
public final class RecentRunTimes {

  private final Duration[] runs;
  private int next;
  private int size;

  /**
   * @param kept how many of the latest runs the mean is taken over
   */
  public RecentRunTimes(int kept) {
    if (kept < 1) {
      throw new IllegalArgumentException("keep at least one run time");
    }
    this.runs = new Duration[kept];
  }

  public synchronized void record(Duration run) {
    if (run.isNegative()) {
      return;
    }
    runs[next] = run;
    next = (next + 1) % runs.length;
    size = Math.min(size + 1, runs.length);
  }

  /** The mean of the runs kept; empty before the first. */
  public synchronized Optional<Duration> mean() {
    if (size == 0) {
      return Optional.empty();
    }
    long millis = 0;
    for (int i = 0; i < size; i++) {
      millis += runs[i].toMillis();
    }
    return Optional.of(Duration.ofMillis(millis / size));
  }

  /** When the video at {@code position} should start; empty before any run has finished. */
  public Optional<Instant> estimatedStart(QueuePosition position, int cap, Instant now) {
    return mean()
        .map(
            mean ->
                now.plusMillis(
                    Math.round(mean.toMillis() * (position.podsAhead() + 1) / (double) cap)));
  }
}
