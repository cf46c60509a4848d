package dev.frameflow.gateway.video;

import dev.frameflow.gateway.problem.ApiProblem;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How frames are taken from a video; travels in {@code video.uploaded} as {@code extraction}.
 * Exactly one of {@code fps} and {@code intervalSeconds} is set.
 */
public record ExtractionOptions(
    Double fps,
    Double intervalSeconds,
    String format,
    Integer quality,
    Integer maxFrames,
    Integer width) {

  public static final Set<String> FIELDS =
      Set.of("fps", "intervalSeconds", "format", "quality", "maxFrames", "width");

  public static final ExtractionOptions DEFAULT =
      new ExtractionOptions(1.0, null, "jpeg", 3, null, null);

  /** Reads the upload's form fields; a missing field takes its default, a bad one answers 400. */
  public static ExtractionOptions fromFields(Map<String, String> fields) {
    Double fps = decimal(fields, "fps", 0.001, 120);
    Double interval = decimal(fields, "intervalSeconds", 0.001, 86_400);
    if (fps != null && interval != null) {
      throw ApiProblem.badRequest("give either fps or intervalSeconds, not both");
    }
    if (fps == null && interval == null) {
      fps = DEFAULT.fps();
    }
    String format =
        fields.getOrDefault("format", DEFAULT.format()).strip().toLowerCase(Locale.ROOT);
    if (format.equals("jpg")) {
      format = "jpeg";
    }
    if (!format.equals("jpeg") && !format.equals("png")) {
      throw ApiProblem.badRequest("format must be jpeg or png");
    }
    Integer quality = integer(fields, "quality", 2, 31);
    Integer maxFrames = integer(fields, "maxFrames", 1, 100_000);
    Integer width = integer(fields, "width", 16, 7680);
    return new ExtractionOptions(
        fps, interval, format, quality == null ? DEFAULT.quality() : quality, maxFrames, width);
  }

  private static Double decimal(Map<String, String> fields, String name, double min, double max) {
    String raw = fields.get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      double value = Double.parseDouble(raw.strip());
      if (Double.isFinite(value) && value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.badRequest(name + " must be a number between " + min + " and " + max);
  }

  private static Integer integer(Map<String, String> fields, String name, int min, int max) {
    String raw = fields.get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.badRequest(name + " must be a whole number between " + min + " and " + max);
  }
}
