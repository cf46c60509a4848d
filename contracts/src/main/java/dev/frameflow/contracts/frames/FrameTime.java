package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.frameflow.contracts.extraction.ExtractionLimits;
import java.math.BigDecimal;

/**
 * The moment of a video a frame is asked for: seconds ({@code 12.5}, at most {@link
 * ExtractionLimits#MAX_OFFSET_SECONDS}) or a percentage of the duration ({@code 50%}, at most 100).
 * The grammar is the extraction's {@code timestamps} entry, so a frame URL's {@code time} and a
 * ZIP's {@code timestamps=[T]} name the same frame.
 */
public record FrameTime(double value, boolean percent) {

  /** The first frame. */
  public static final FrameTime START = new FrameTime(0, false);

  public FrameTime {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("must be seconds (12.5) or a percentage (50%)");
    }
    if (value > (percent ? 100 : ExtractionLimits.MAX_OFFSET_SECONDS)) {
      throw new IllegalArgumentException(
          "seconds must be at most "
              + ExtractionLimits.MAX_OFFSET_TEXT
              + " and percentages at most 100");
    }
  }

  /** Seconds into the video. */
  public static FrameTime seconds(double seconds) {
    return new FrameTime(seconds, false);
  }

  /** So many percent of the duration. */
  public static FrameTime percent(double percent) {
    return new FrameTime(percent, true);
  }

  /**
   * Reads {@code 12.5} or {@code 50%}; an {@link IllegalArgumentException} whose message says what
   * is wrong (for {@code time}) otherwise.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static FrameTime parse(String text) {
    String value = text == null ? "" : text.strip();
    if (!value.matches(ExtractionLimits.TIMESTAMP_PATTERN)) {
      throw new IllegalArgumentException("must be seconds (12.5) or a percentage (50%)");
    }
    boolean percent = value.endsWith("%");
    return new FrameTime(
        Double.parseDouble(percent ? value.substring(0, value.length() - 1) : value), percent);
  }

  /**
   * The seconds this time is in a video of that duration: a percentage is a share of it (100 % is
   * its end, which the decoder reads as the last frame); seconds are themselves, even past the end
   * (the caller refuses those with {@link FrameRefusal#TIME_PAST_END}).
   */
  public double secondsIn(double durationSeconds) {
    return percent ? durationSeconds * value / 100 : value;
  }

  /** Whether this time lies after the end of a video of that duration (a percentage never does). */
  public boolean isPastEnd(double durationSeconds) {
    return !percent && value > durationSeconds;
  }

  /** The canonical text: {@code 12.5}, {@code 0}, {@code 50%} (no trailing zeros, no exponent). */
  @JsonValue
  @Override
  public String toString() {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + (percent ? "%" : "");
  }
}
