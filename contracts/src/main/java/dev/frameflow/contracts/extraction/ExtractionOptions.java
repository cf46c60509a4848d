package dev.frameflow.contracts.extraction;

import static dev.frameflow.contracts.extraction.ExtractionLimits.DEFAULT_JPEG_QUALITY;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.validation.ContractValidator;
import io.fabric8.generator.annotation.ValidationRule;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * Which frames to take from a video, and how to encode them. It travels in {@code video.uploaded}
 * as {@code extraction}, is the VideoJob's {@code spec.extraction}, and is what the extractor runs.
 *
 * <p>At most one of {@code fps} and {@code intervalSeconds}; with neither, one frame per second.
 * The constructor fills the defaults and never throws: {@link #validated()} checks the bounds of
 * {@link ExtractionLimits} (the same bounds the CRD's schema states, through the fabric8
 * annotations below).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.fps) && has(self.intervalSeconds))",
    message = "give either fps or intervalSeconds, not both")
@ValidationRule(
    value = "!has(self.start) || !has(self.end) || self.end > self.start",
    message = "end must be after start")
public record ExtractionOptions(
    @JsonPropertyDescription("Frames per second to take, > 0 and <= 120. Not with intervalSeconds.")
        @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and <= 120")
        @DecimalMax(value = ExtractionLimits.MAX_FPS_TEXT, message = "must be > 0 and <= 120")
        @io.fabric8.generator.annotation.Min(value = 0, inclusive = false)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_FPS)
        Double fps,
    @JsonPropertyDescription("One frame every so many seconds, 1/120 to 86400. Not with fps.")
        @DecimalMin(
            value = ExtractionLimits.MIN_INTERVAL_TEXT,
            message = "must be between 1/120 and 86400 seconds")
        @DecimalMax(
            value = ExtractionLimits.MAX_INTERVAL_TEXT,
            message = "must be between 1/120 and 86400 seconds")
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_INTERVAL_SECONDS)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_INTERVAL_SECONDS)
        Double intervalSeconds,
    @JsonPropertyDescription("Image format of the frames: jpeg (default) or png.")
        ImageFormat format,
    @JsonPropertyDescription("JPEG quality on ffmpeg's scale, 2 (best) to 31; default 3.")
        @Min(value = ExtractionLimits.MIN_QUALITY, message = "must be between 2 (best) and 31")
        @Max(value = ExtractionLimits.MAX_QUALITY, message = "must be between 2 (best) and 31")
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_QUALITY)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_QUALITY)
        Integer quality,
    @JsonPropertyDescription("The most frames to take, 1 to 100000.")
        @Min(value = 1, message = "must be between 1 and 100000")
        @Max(value = ExtractionLimits.MAX_FRAMES, message = "must be between 1 and 100000")
        @io.fabric8.generator.annotation.Min(1)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_FRAMES)
        Integer maxFrames,
    @JsonPropertyDescription("Frame width in pixels, 16 to 7680; the height keeps the aspect.")
        @Min(value = ExtractionLimits.MIN_WIDTH, message = "must be between 16 and 7680 pixels")
        @Max(value = ExtractionLimits.MAX_WIDTH, message = "must be between 16 and 7680 pixels")
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_WIDTH)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_WIDTH)
        Integer width,
    @JsonPropertyDescription("Where to start, in seconds from the beginning of the video.")
        @DecimalMin(value = "0", message = "must be between 0 and 86400 seconds")
        @DecimalMax(
            value = ExtractionLimits.MAX_OFFSET_TEXT,
            message = "must be between 0 and 86400 seconds")
        @io.fabric8.generator.annotation.Min(0)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_OFFSET_SECONDS)
        Double start,
    @JsonPropertyDescription("Where to stop, in seconds from the beginning; after start.")
        @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and <= 86400 seconds")
        @DecimalMax(
            value = ExtractionLimits.MAX_OFFSET_TEXT,
            message = "must be > 0 and <= 86400 seconds")
        @io.fabric8.generator.annotation.Min(value = 0, inclusive = false)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_OFFSET_SECONDS)
        Double end) {

  /** The names of the options, as form fields, query parameters and JSON properties. */
  public static final List<String> FIELDS =
      List.of("fps", "intervalSeconds", "format", "quality", "maxFrames", "width", "start", "end");

  public ExtractionOptions {
    if (fps == null && intervalSeconds == null) {
      fps = 1.0;
    }
    if (format == null) {
      format = ImageFormat.JPEG;
    }
    if (quality == null && format == ImageFormat.JPEG) {
      quality = DEFAULT_JPEG_QUALITY;
    }
  }

  /** One frame per second as JPEG at quality 3, the whole video. */
  public static ExtractionOptions defaults() {
    return new ExtractionOptions(null, null, null, null, null, null, null, null);
  }

  /** This, if every bound holds; else an exception naming each field that breaks one. */
  public ExtractionOptions validated() {
    List<ContractValidator.Violation> violations = ContractValidator.check(this);
    if (!violations.isEmpty()) {
      throw new InvalidOptionsException(violations);
    }
    return this;
  }

  @JsonIgnore
  @AssertTrue(message = "give either fps or intervalSeconds, not both")
  public boolean isOneRate() {
    return fps == null || intervalSeconds == null;
  }

  @JsonIgnore
  @AssertTrue(message = "end must be after start")
  public boolean isEndAfterStart() {
    return start == null || end == null || end > start;
  }

  /** Seconds between two requested timestamps. */
  public double stepSeconds() {
    return fps != null ? 1 / fps : intervalSeconds;
  }

  /** Start of the requested timeline in seconds (0 when unset). */
  public double startSeconds() {
    return start == null ? 0 : start;
  }
}
