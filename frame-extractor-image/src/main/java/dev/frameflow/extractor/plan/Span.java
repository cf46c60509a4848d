package dev.frameflow.extractor.plan;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the video a request covers, {@code [start, end)} in seconds from its start, and how
 * it is cut into {@code parts} contiguous segments decoded in parallel.
 */
public record Span(double start, double end) {

  public static Span of(ExtractionOptions options, double durationSeconds) {
    double start = options.startSeconds();
    double end = options.end() == null ? durationSeconds : Math.min(options.end(), durationSeconds);
    if (start >= end) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          "start (" + start + " s) is not before the end of the video (" + end + " s)");
    }
    return new Span(start, end);
  }

  public double length() {
    return end - start;
  }

  /** At most {@code parts} segments of equal length, none shorter than {@code minSeconds}. */
  public List<Span> segments(int parts, double minSeconds) {
    int count = (int) Math.max(1, Math.min(parts, Math.floor(length() / minSeconds)));
    List<Span> segments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double from = start + length() * i / count;
      double to = i + 1 == count ? end : start + length() * (i + 1) / count;
      segments.add(new Span(from, to));
    }
    return segments;
  }
}
