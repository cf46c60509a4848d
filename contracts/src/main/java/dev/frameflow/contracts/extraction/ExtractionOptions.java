package dev.frameflow.contracts.extraction;

import static dev.frameflow.contracts.extraction.ExtractionLimits.DEFAULT_JPEG_QUALITY;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.validation.Between;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.contracts.validation.ReportedUnder;
import io.fabric8.generator.annotation.ValidationRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which frames to take from a video, and how to encode them. It travels in {@code video.uploaded}
 * as {@code extraction}, is the VideoJob's {@code spec.extraction}, and is what the extractor runs.
 *
 * <p>Exactly one sampling mode ({@link SamplingMode}): {@code fps}, {@code intervalSeconds}, {@code
 * count}, {@code timestamps}, {@code keyframes} or {@code scene}; with none, one frame per second.
 * Besides the frames, a {@code storyboard}, a {@code contactSheet} and a {@code preview} on
 * request. The constructor fills the defaults and never throws: {@link #validated()} checks the
 * bounds of {@link ExtractionLimits} (the same bounds the CRD's schema states, through the fabric8
 * annotations and CEL rules below).
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
        @Between(
            min = "0",
            minInclusive = false,
            max = ExtractionLimits.MAX_FPS_TEXT,
            message = "must be > {min} and <= {max}")
        @io.fabric8.generator.annotation.Min(value = 0, inclusive = false)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_FPS)
        Double fps,
    @JsonPropertyDescription("One frame every so many seconds, 1/120 to 86400. Not with fps.")
        @Between(
            min = ExtractionLimits.MIN_INTERVAL_TEXT,
            max = ExtractionLimits.MAX_INTERVAL_TEXT,
            // the shortest interval is the highest rate's frame: said as such, not as 0.00833…
            message = "must be between 1/" + ExtractionLimits.MAX_FPS_TEXT + " and {max} seconds")
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_INTERVAL_SECONDS)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_INTERVAL_SECONDS)
        Double intervalSeconds,
    @JsonPropertyDescription("Image format of the frames: jpeg (default), png or webp.")
        ImageFormat format,
    @JsonPropertyDescription("JPEG quality on ffmpeg's scale, 2 (best) to 31; default 3.")
        @Between(
            min = ExtractionLimits.MIN_QUALITY_TEXT,
            max = ExtractionLimits.MAX_QUALITY_TEXT,
            message = "must be between {min} (best) and {max}")
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_QUALITY)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_QUALITY)
        Integer quality,
    @JsonPropertyDescription("The most frames to take, 1 to 100000.")
        @Between(min = "1", max = ExtractionLimits.MAX_FRAMES_TEXT)
        @io.fabric8.generator.annotation.Min(1)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_FRAMES)
        Integer maxFrames,
    @JsonPropertyDescription("Frame width in pixels, 16 to 7680; the height keeps the aspect.")
        @Between(
            min = ExtractionLimits.MIN_WIDTH_TEXT,
            max = ExtractionLimits.MAX_WIDTH_TEXT,
            message = Between.PIXELS)
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_WIDTH)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_WIDTH)
        Integer width,
    @JsonPropertyDescription("Where to start, in seconds from the beginning of the video.")
        @Between(min = "0", max = ExtractionLimits.MAX_OFFSET_TEXT, message = Between.SECONDS)
        @io.fabric8.generator.annotation.Min(0)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_OFFSET_SECONDS)
        Double start,
    @JsonPropertyDescription("Where to stop, in seconds from the beginning; after start.")
        @Between(
            min = "0",
            minInclusive = false,
            max = ExtractionLimits.MAX_OFFSET_TEXT,
            message = "must be > {min} and <= {max} seconds")
        @io.fabric8.generator.annotation.Min(value = 0, inclusive = false)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_OFFSET_SECONDS)
        Double end,
    @JsonPropertyDescription(
            "So many frames evenly spaced over the video (or start..end), the first at the start;"
                + " 1 to 100000.")
        @Between(min = "1", max = ExtractionLimits.MAX_FRAMES_TEXT)
        @io.fabric8.generator.annotation.Min(1)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_FRAMES)
        Integer count,
    @JsonPropertyDescription(
            "Times to take a frame at, in seconds (12.5) or percent of the duration (50%);"
                + " at most 1000.")
        @Size(
            min = 1,
            max = ExtractionLimits.MAX_TIMESTAMPS,
            message = "must list {min} to {max} times")
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
        @Between(min = "0", max = "1")
        @io.fabric8.generator.annotation.Min(0)
        @io.fabric8.generator.annotation.Max(1)
        Double sceneThreshold,
    @JsonPropertyDescription(
            "With keyframes or scene: at least so many seconds between two frames, 0 to 86400.")
        @Between(min = "0", max = ExtractionLimits.MAX_INTERVAL_TEXT, message = Between.SECONDS)
        @io.fabric8.generator.annotation.Min(0)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_INTERVAL_SECONDS)
        Double minIntervalSeconds,
    @JsonPropertyDescription(
            "Also a storyboard: sprite images of tiles and a WebVTT index, for timeline previews.")
        @Valid
        StoryboardOptions storyboard,
    @JsonPropertyDescription("true: also one image of the frames with their timestamps.")
        Boolean contactSheet,
    @JsonPropertyDescription(
            "true: also preview.webp, an animated WebP of a few seconds from the middle of the"
                + " video (or of start..end), at most 640 pixels wide.")
        Boolean preview) {

  /**
   * The names of the options, as form fields, query parameters and JSON properties: the record's
   * components, in their order. A new option is a new component, and nothing else to list.
   */
  public static final List<String> FIELDS =
      Arrays.stream(ExtractionOptions.class.getRecordComponents())
          .map(RecordComponent::getName)
          .toList();

  /**
   * The storyboard's settings as flat form fields and query parameters of an upload ({@code
   * storyboard=true} alone takes every default); in JSON they are {@code storyboard}'s own fields.
   */
  public static final List<String> STORYBOARD_FORM_FIELDS = ExtractionOptionsForm.nestedNames();

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

  /** One frame per second as JPEG at quality 3, the whole video. */
  public static ExtractionOptions defaults() {
    return builder().build();
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
    for (SamplingMode mode : SamplingMode.values()) {
      if (mode.isGivenIn(this)) {
        given.add(mode.field());
      }
    }
    return given;
  }

  /** Whether a contact sheet is asked for. */
  @JsonIgnore
  public boolean wantsContactSheet() {
    return Boolean.TRUE.equals(contactSheet);
  }

  /** Whether an animated preview ({@code preview.webp}) is asked for. */
  @JsonIgnore
  public boolean wantsPreview() {
    return Boolean.TRUE.equals(preview);
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
  @ReportedUnder("fps|intervalSeconds")
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
    given.remove(SamplingMode.INTERVAL.field());
    if (fps == null && intervalSeconds != null) {
      given.add(SamplingMode.INTERVAL.field());
    }
    return given.size() <= 1;
  }

  @JsonIgnore
  @AssertTrue(message = "goes with keyframes or scene")
  @ReportedUnder("minIntervalSeconds")
  public boolean isMinIntervalWithItsMode() {
    return minIntervalSeconds == null
        || mode() == SamplingMode.KEYFRAMES
        || mode() == SamplingMode.SCENE;
  }

  @JsonIgnore
  @AssertTrue(message = "goes with scene")
  @ReportedUnder("sceneThreshold")
  public boolean isThresholdWithScene() {
    return sceneThreshold == null || Boolean.TRUE.equals(scene);
  }

  /** Seconds within a day, percentages within 100 (the pattern checks the form). */
  @JsonIgnore
  @AssertTrue(message = "seconds must be at most 86400 and percentages at most 100")
  @ReportedUnder("timestamps")
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
  @ReportedUnder("end")
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

  /** Options with only what is set here; the rest take the defaults the constructor fills. */
  public static Builder builder() {
    return new Builder();
  }

  /** These options, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .fps(fps)
        .intervalSeconds(intervalSeconds)
        .format(format)
        .quality(quality)
        .maxFrames(maxFrames)
        .width(width)
        .start(start)
        .end(end)
        .count(count)
        .timestamps(timestamps)
        .keyframes(keyframes)
        .scene(scene)
        .sceneThreshold(sceneThreshold)
        .minIntervalSeconds(minIntervalSeconds)
        .storyboard(storyboard)
        .contactSheet(contactSheet)
        .preview(preview);
  }

  /** Names each option it sets, so that no one counts nulls in a constructor call. */
  public static final class Builder {
    private Double fps;
    private Double intervalSeconds;
    private ImageFormat format;
    private Integer quality;
    private Integer maxFrames;
    private Integer width;
    private Double start;
    private Double end;
    private Integer count;
    private List<String> timestamps;
    private Boolean keyframes;
    private Boolean scene;
    private Double sceneThreshold;
    private Double minIntervalSeconds;
    private StoryboardOptions storyboard;
    private Boolean contactSheet;
    private Boolean preview;

    private Builder() {}

    public Builder fps(Double fps) {
      this.fps = fps;
      return this;
    }

    public Builder intervalSeconds(Double intervalSeconds) {
      this.intervalSeconds = intervalSeconds;
      return this;
    }

    public Builder format(ImageFormat format) {
      this.format = format;
      return this;
    }

    public Builder quality(Integer quality) {
      this.quality = quality;
      return this;
    }

    public Builder maxFrames(Integer maxFrames) {
      this.maxFrames = maxFrames;
      return this;
    }

    public Builder width(Integer width) {
      this.width = width;
      return this;
    }

    public Builder start(Double start) {
      this.start = start;
      return this;
    }

    public Builder end(Double end) {
      this.end = end;
      return this;
    }

    public Builder count(Integer count) {
      this.count = count;
      return this;
    }

    public Builder timestamps(List<String> timestamps) {
      this.timestamps = timestamps;
      return this;
    }

    public Builder timestamps(String... timestamps) {
      return timestamps(List.of(timestamps));
    }

    public Builder keyframes(Boolean keyframes) {
      this.keyframes = keyframes;
      return this;
    }

    public Builder scene(Boolean scene) {
      this.scene = scene;
      return this;
    }

    public Builder sceneThreshold(Double sceneThreshold) {
      this.sceneThreshold = sceneThreshold;
      return this;
    }

    public Builder minIntervalSeconds(Double minIntervalSeconds) {
      this.minIntervalSeconds = minIntervalSeconds;
      return this;
    }

    public Builder storyboard(StoryboardOptions storyboard) {
      this.storyboard = storyboard;
      return this;
    }

    public Builder contactSheet(Boolean contactSheet) {
      this.contactSheet = contactSheet;
      return this;
    }

    public Builder preview(Boolean preview) {
      this.preview = preview;
      return this;
    }

    public ExtractionOptions build() {
      return new ExtractionOptions(
          fps,
          intervalSeconds,
          format,
          quality,
          maxFrames,
          width,
          start,
          end,
          count,
          timestamps,
          keyframes,
          scene,
          sceneThreshold,
          minIntervalSeconds,
          storyboard,
          contactSheet,
          preview);
    }
  }
}
