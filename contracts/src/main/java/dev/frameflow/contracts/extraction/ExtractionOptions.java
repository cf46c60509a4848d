package dev.frameflow.contracts.extraction;

import static dev.frameflow.contracts.extraction.ExtractionLimits.DEFAULT_JPEG_QUALITY;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.validation.ContractValidator;
import io.fabric8.generator.annotation.ValidationRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Which frames to take from a video, and how to encode them. It travels in {@code video.uploaded}
 * as {@code extraction}, is the VideoJob's {@code spec.extraction}, and is what the extractor runs.
 *
 * <p>Exactly one sampling mode ({@link SamplingMode}): {@code fps}, {@code intervalSeconds}, {@code
 * count}, {@code timestamps}, {@code keyframes} or {@code scene}; with none, one frame per second.
 * Besides the frames, a {@code storyboard} and a {@code contactSheet} on request. The constructor
 * fills the defaults and never throws: {@link #validated()} checks the bounds of {@link
 * ExtractionLimits} (the same bounds the CRD's schema states, through the fabric8 annotations and
 * CEL rules below).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.fps) && has(self.intervalSeconds))",
    message = "give either fps or intervalSeconds, not both")
@ValidationRule(
    value = "!has(self.start) || !has(self.end) || self.end > self.start",
    message = "end must be after start")
@ValidationRule(
    value =
        "((has(self.fps) || has(self.intervalSeconds)) ? 1 : 0) + (has(self.count) ? 1 : 0)"
            + " + (has(self.timestamps) ? 1 : 0) + ((has(self.keyframes) && self.keyframes) ? 1 : 0)"
            + " + ((has(self.scene) && self.scene) ? 1 : 0) <= 1",
    message = "give only one of fps, intervalSeconds, count, timestamps, keyframes, scene")
@ValidationRule(
    value =
        "!has(self.minIntervalSeconds) || (has(self.keyframes) && self.keyframes)"
            + " || (has(self.scene) && self.scene)",
    message = "minIntervalSeconds goes with keyframes or scene")
@ValidationRule(
    value = "!has(self.sceneThreshold) || (has(self.scene) && self.scene)",
    message = "sceneThreshold goes with scene")
@ValidationRule(
    value =
        "!has(self.timestamps) || self.timestamps.all(t, t.endsWith('%')"
            + " ? double(t.substring(0, size(t) - 1)) <= 100.0 : double(t) <= 86400.0)",
    message = "timestamps: seconds must be at most 86400 and percentages at most 100")
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
        Double end,
    @JsonPropertyDescription(
            "So many frames evenly spaced over the video (or start..end), the first at the start;"
                + " 1 to 100000.")
        @Min(value = 1, message = "must be between 1 and 100000")
        @Max(value = ExtractionLimits.MAX_FRAMES, message = "must be between 1 and 100000")
        @io.fabric8.generator.annotation.Min(1)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_FRAMES)
        Integer count,
    @JsonPropertyDescription(
            "Times to take a frame at, in seconds (12.5) or percent of the duration (50%);"
                + " at most 1000.")
        @Size(min = 1, max = ExtractionLimits.MAX_TIMESTAMPS, message = "must list 1 to 1000 times")
        @io.fabric8.generator.annotation.Size(min = 1, max = ExtractionLimits.MAX_TIMESTAMPS)
        List<
                @Pattern(
                    regexp = ExtractionLimits.TIMESTAMP_PATTERN,
                    message = "must be seconds (12.5) or a percentage (50%)")
                @io.fabric8.generator.annotation.Pattern(ExtractionLimits.TIMESTAMP_PATTERN)
                @io.fabric8.generator.annotation.Size(max = ExtractionLimits.MAX_TIMESTAMP_CHARS)
                String>
            timestamps,
    @JsonPropertyDescription(
            "true: the keyframes themselves, decoded without anything else; optionally thinned by"
                + " minIntervalSeconds.")
        Boolean keyframes,
    @JsonPropertyDescription(
            "true: the first frame and each frame where the picture changes more than"
                + " sceneThreshold.")
        Boolean scene,
    @JsonPropertyDescription("With scene: the change of picture that starts a scene, 0 to 1; 0.3.")
        @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1")
        @io.fabric8.generator.annotation.Min(0)
        @io.fabric8.generator.annotation.Max(1)
        Double sceneThreshold,
    @JsonPropertyDescription(
            "With keyframes or scene: at least so many seconds between two frames, 0 to 86400.")
        @DecimalMin(value = "0", message = "must be between 0 and 86400 seconds")
        @DecimalMax(
            value = ExtractionLimits.MAX_INTERVAL_TEXT,
            message = "must be between 0 and 86400 seconds")
        @io.fabric8.generator.annotation.Min(0)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_INTERVAL_SECONDS)
        Double minIntervalSeconds,
    @JsonPropertyDescription(
            "Also a storyboard: sprite images of tiles and a WebVTT index, for timeline previews.")
        @Valid
        StoryboardOptions storyboard,
    @JsonPropertyDescription("true: also one image of the frames with their timestamps.")
        Boolean contactSheet) {

  /** The names of the options, as form fields, query parameters and JSON properties. */
  public static final List<String> FIELDS =
      List.of(
          "fps",
          "intervalSeconds",
          "format",
          "quality",
          "maxFrames",
          "width",
          "start",
          "end",
          "count",
          "timestamps",
          "keyframes",
          "scene",
          "sceneThreshold",
          "minIntervalSeconds",
          "storyboard",
          "contactSheet");

  /**
   * The storyboard's settings as flat form fields and query parameters of an upload ({@code
   * storyboard=true} alone takes every default); in JSON they are {@code storyboard}'s own fields.
   */
  public static final List<String> STORYBOARD_FORM_FIELDS =
      List.of(
          "storyboardIntervalSeconds",
          "storyboardTileWidth",
          "storyboardColumns",
          "storyboardRows");

  public ExtractionOptions {
    if (fps == null
        && intervalSeconds == null
        && count == null
        && timestamps == null
        && !Boolean.TRUE.equals(keyframes)
        && !Boolean.TRUE.equals(scene)) {
      fps = 1.0;
    }
    if (timestamps != null) {
      timestamps = List.copyOf(timestamps);
    }
    if (Boolean.TRUE.equals(scene) && sceneThreshold == null) {
      sceneThreshold = ExtractionLimits.DEFAULT_SCENE_THRESHOLD;
    }
    if (format == null) {
      format = ImageFormat.JPEG;
    }
    if (quality == null && format == ImageFormat.JPEG) {
      quality = DEFAULT_JPEG_QUALITY;
    }
  }

  /** The options of a steady rate (the fields there were before the other modes). */
  public ExtractionOptions(
      Double fps,
      Double intervalSeconds,
      ImageFormat format,
      Integer quality,
      Integer maxFrames,
      Integer width,
      Double start,
      Double end) {
    this(
        fps,
        intervalSeconds,
        format,
        quality,
        maxFrames,
        width,
        start,
        end,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** One frame per second as JPEG at quality 3, the whole video. */
  public static ExtractionOptions defaults() {
    return new ExtractionOptions(null, null, null, null, null, null, null, null);
  }

  /** How the frames are chosen. */
  @JsonIgnore
  public SamplingMode mode() {
    if (count != null) {
      return SamplingMode.COUNT;
    }
    if (timestamps != null) {
      return SamplingMode.TIMESTAMPS;
    }
    if (Boolean.TRUE.equals(keyframes)) {
      return SamplingMode.KEYFRAMES;
    }
    if (Boolean.TRUE.equals(scene)) {
      return SamplingMode.SCENE;
    }
    return fps != null ? SamplingMode.FPS : SamplingMode.INTERVAL;
  }

  /** The mode fields given, in {@link SamplingMode} order (more than one is refused). */
  @JsonIgnore
  public List<String> modeFields() {
    List<String> given = new ArrayList<>();
    if (fps != null) {
      given.add("fps");
    }
    if (intervalSeconds != null) {
      given.add("intervalSeconds");
    }
    if (count != null) {
      given.add("count");
    }
    if (timestamps != null) {
      given.add("timestamps");
    }
    if (Boolean.TRUE.equals(keyframes)) {
      given.add("keyframes");
    }
    if (Boolean.TRUE.equals(scene)) {
      given.add("scene");
    }
    return given;
  }

  /** Whether a contact sheet is asked for. */
  @JsonIgnore
  public boolean wantsContactSheet() {
    return Boolean.TRUE.equals(contactSheet);
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

  /**
   * One mode: {@code fps} with {@code intervalSeconds} is {@link #isOneRate()}'s to report, any
   * other pair this rule's (reported under the fields given).
   */
  @JsonIgnore
  @AssertTrue(
      message = "give only one of fps, intervalSeconds, count, timestamps, keyframes, scene")
  public boolean isOneMode() {
    List<String> given = modeFields();
    given.remove("intervalSeconds");
    if (!given.contains("fps") && intervalSeconds != null) {
      given.add("intervalSeconds");
    }
    return given.size() <= 1;
  }

  @JsonIgnore
  @AssertTrue(message = "goes with keyframes or scene")
  public boolean isMinIntervalWithItsMode() {
    return minIntervalSeconds == null
        || mode() == SamplingMode.KEYFRAMES
        || mode() == SamplingMode.SCENE;
  }

  @JsonIgnore
  @AssertTrue(message = "goes with scene")
  public boolean isThresholdWithScene() {
    return sceneThreshold == null || Boolean.TRUE.equals(scene);
  }

  /** Seconds within a day, percentages within 100 (the pattern checks the form). */
  @JsonIgnore
  @AssertTrue(message = "seconds must be at most 86400 and percentages at most 100")
  public boolean isTimestampsInRange() {
    if (timestamps == null) {
      return true;
    }
    for (String time : timestamps) {
      if (time == null || !time.matches(ExtractionLimits.TIMESTAMP_PATTERN)) {
        continue; // the pattern's violation
      }
      boolean percent = time.endsWith("%");
      double value = Double.parseDouble(percent ? time.substring(0, time.length() - 1) : time);
      if (value > (percent ? 100 : ExtractionLimits.MAX_OFFSET_SECONDS)) {
        return false;
      }
    }
    return true;
  }

  @JsonIgnore
  @AssertTrue(message = "end must be after start")
  public boolean isEndAfterStart() {
    return start == null || end == null || end > start;
  }

  /** Seconds between two requested timestamps of a steady rate ({@code fps} or interval). */
  public double stepSeconds() {
    return fps != null ? 1 / fps : intervalSeconds;
  }

  /** Start of the requested timeline in seconds (0 when unset). */
  public double startSeconds() {
    return start == null ? 0 : start;
  }
}
