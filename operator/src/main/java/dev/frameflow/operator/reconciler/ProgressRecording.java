package dev.frameflow.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a reported percent is recorded in the status and published as {@code PROCESSING}: in steps
 * of at least {@value #STEP} points and at most once every {@link #PERIOD}, whichever is rarer (a
 * video emits at most eleven progress events, whatever its length), and never backwards.
 */
final class ProgressRecording {

  static final int STEP = 10;
  static final Duration PERIOD = Duration.ofSeconds(5);

  private ProgressRecording() {}

  /** What to do with a report. */
  sealed interface Decision {}

  /** Record and publish this percent now. */
  record Record(int percent) implements Decision {}

  /** Nothing yet; look again after {@code after} (the time part of the limit). */
  record Later(Duration after) implements Decision {}

  /** Nothing to do until a newer report. */
  record Nothing() implements Decision {}

  static Decision decide(Integer recorded, String recordedAt, Integer reported, Instant now) {
    if (reported == null || (recorded != null && reported <= recorded)) {
      return new Nothing();
    }
    if (recorded == null) {
      return new Record(reported);
    }
    if (reported - recorded < STEP) {
      return new Nothing();
    }
    Optional<Instant> last = parse(recordedAt);
    if (last.isEmpty()) {
      return new Record(reported);
    }
    Duration since = Duration.between(last.get(), now);
    return since.compareTo(PERIOD) >= 0 ? new Record(reported) : new Later(PERIOD.minus(since));
  }

  private static Optional<Instant> parse(String instant) {
    try {
      return instant == null ? Optional.empty() : Optional.of(Instant.parse(instant));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
