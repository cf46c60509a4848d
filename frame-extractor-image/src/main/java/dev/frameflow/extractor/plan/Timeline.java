package dev.frameflow.extractor.plan;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;

/**
 * The requested timestamps: {@code start + k * step} for {@code k = 0 .. count-1}, all before the
 * end of the video (or {@code end}), at most {@code maxFrames}. The {@code count} mode is the same
 * with {@code step = (end - start) / count}. A frame belongs to tick {@code k} when its timestamp
 * lies in {@code [t(k) - tolerance, t(k+1) - tolerance)}; the tick's frame is the first such frame,
 * so every tick gets the frame on screen at (or the first after) its time, never the nearest
 * keyframe. The small tolerance absorbs timestamp rounding of frames that sit exactly on a tick.
 */
public record Timeline(double start, double step, double fps, int count, double tolerance) {

  /** Below a frame interval of any real video, above any timestamp rounding. */
  static final double MAX_TOLERANCE_SECONDS = 0.0005;

  public static Timeline of(ExtractionOptions options, double durationSeconds) {
    double start = options.startSeconds();
    double end = options.end() == null ? durationSeconds : Math.min(options.end(), durationSeconds);
    if (start >= end) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          "start (" + start + " s) is not before the end of the video (" + end + " s)");
    }
    // count: N ticks evenly spaced over the span, the first at its start
    double step = options.count() != null ? (end - start) / options.count() : options.stepSeconds();
    long count = (long) Math.ceil((end - start) / step - 1e-9);
    if (options.maxFrames() != null) {
      count = Math.min(count, options.maxFrames());
    }
    count = Math.max(1, Math.min(count, Integer.MAX_VALUE));
    return new Timeline(
        start,
        step,
        options.fps() == null ? 0 : options.fps(),
        (int) count,
        Math.min(MAX_TOLERANCE_SECONDS, step / 4));
  }

  /** Requested timestamp of tick {@code k}, seconds from the start of the video. */
  public double time(int k) {
    return fps > 0 ? start + k / fps : start + k * step;
  }

  /** Earliest timestamp of a frame that may serve tick {@code k}. */
  public double windowStart(int k) {
    return Math.max(0, time(k) - tolerance);
  }

  /** The tick a frame at {@code seconds} belongs to (may be outside {@code [0, count)}). */
  public long tickOf(double seconds) {
    return (long) Math.floor(scaled(seconds - start) + tolerance / step);
  }

  /** Seconds in ticks. */
  private double scaled(double seconds) {
    // multiply by the rate for --fps, divide by the interval for --interval-seconds, so that whole
    // ticks come out exact in both cases
    return fps > 0 ? seconds * fps : seconds / step;
  }

  /**
   * The same rule as {@link #tickOf} as an ffmpeg expression over {@code variable} (a timestamp in
   * the stream's raw timeline, which starts at {@code rawOrigin}).
   */
  public String tickExpression(String variable, double rawOrigin) {
    String offset = "(" + variable + "-" + plain(rawOrigin + start) + ")";
    String scaledExpr = fps > 0 ? offset + "*" + plain(fps) : offset + "/" + plain(step);
    return "floor(" + scaledExpr + "+" + plain(tolerance / step) + ")";
  }

  /** A decimal ffmpeg parses back to the same double (no exponent). */
  public static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).toPlainString();
  }
}
