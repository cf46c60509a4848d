package dev.frameflow.gateway.slo;

import java.time.Duration;

/**
 * A video's size class in the completion SLO: bigger videos take longer to extract, so each class
 * has its own threshold (the histogram has a bucket at each, and the alerts read those buckets).
 * Megabytes are 2^20 bytes, as Spring's {@code DataSize} counts them.
 */
public enum SizeClass {
  /** Under 100 MB: final within 10 minutes. */
  SMALL(100L << 20, Duration.ofMinutes(10)),
  /** Under 1 GB: final within 30 minutes. */
  MEDIUM(1L << 30, Duration.ofMinutes(30)),
  /** 1 GB and more: final within 60 minutes. */
  LARGE(Long.MAX_VALUE, Duration.ofMinutes(60));

  private final long belowBytes;
  private final Duration objective;

  SizeClass(long belowBytes, Duration objective) {
    this.belowBytes = belowBytes;
    this.objective = objective;
  }

  public static SizeClass of(long sizeBytes) {
    for (SizeClass sizeClass : values()) {
      if (sizeBytes < sizeClass.belowBytes) {
        return sizeClass;
      }
    }
    return LARGE;
  }

  /** Within how long after its upload a video of this class should reach a final state. */
  public Duration objective() {
    return objective;
  }

  /** The label value: {@code small}, {@code medium}, {@code large}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
