package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.validation.Between;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import dev.frameflow.contracts.validation.ReportedUnder;
import jakarta.validation.constraints.AssertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An animated preview of a stretch of a video: {@code animated.webp?start=10&end=15&fps=10}. At
 * most {@link FrameLimits#MAX_ANIMATION_SECONDS} long, {@link FrameLimits#MAX_ANIMATION_FPS} frames
 * a second and {@link FrameLimits#MAX_ANIMATION_WIDTH} pixels wide (the height follows the aspect
 * ratio). Without {@code end} it lasts {@link FrameLimits#DEFAULT_ANIMATION_SECONDS}. The format
 * comes from the URL's extension.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnimationRequest(
    @Between(min = "0", max = ExtractionLimits.MAX_OFFSET_TEXT, message = Between.SECONDS)
        Double start,
    @Between(
            min = "0",
            minInclusive = false,
            max = ExtractionLimits.MAX_OFFSET_TEXT,
            message = "must be > {min} and <= {max} seconds")
        Double end,
    @Between(min = FrameLimits.MIN_ANIMATION_FPS_TEXT, max = FrameLimits.MAX_ANIMATION_FPS_TEXT)
        Integer fps,
    @Between(
            min = ExtractionLimits.MIN_WIDTH_TEXT,
            max = FrameLimits.MAX_ANIMATION_WIDTH_TEXT,
            message = Between.PIXELS)
        Integer width,
    AnimationFormat format) {

  public static final String START = "start";
  public static final String END = "end";
  public static final String FPS = "fps";
  public static final String WIDTH = FrameRequest.WIDTH;

  /** Every query parameter of an animation URL (the format is the path's extension). */
  public static final List<String> PARAMETERS = List.of(START, END, FPS, WIDTH);

  public AnimationRequest {
    if (start == null) {
      start = 0.0;
    }
    if (end == null) {
      end = start + FrameLimits.DEFAULT_ANIMATION_SECONDS;
    }
    if (fps == null) {
      fps = FrameLimits.DEFAULT_ANIMATION_FPS;
    }
    if (width == null) {
      width = FrameLimits.DEFAULT_ANIMATION_WIDTH;
    }
    if (format == null) {
      format = AnimationFormat.WEBP;
    }
  }

  /** The request a URL's query gives for that format, checked like {@link FrameRequest}'s. */
  public static AnimationRequest fromQuery(Map<String, String> query, AnimationFormat format) {
    QueryReader reader = new QueryReader(query, PARAMETERS);
    Double start = reader.number(START);
    Double end = reader.number(END);
    Integer fps = reader.whole(FPS);
    Integer width = reader.whole(WIDTH);
    List<Violation> violations = new ArrayList<>(reader.violations());
    if (!violations.isEmpty()) {
      throw new InvalidOptionsException(violations);
    }
    return new AnimationRequest(start, end, fps, width, format).validated();
  }

  /** This, if every bound holds; else an exception naming each parameter that breaks one. */
  public AnimationRequest validated() {
    List<Violation> violations = ContractValidator.check(this);
    if (!violations.isEmpty()) {
      throw new InvalidOptionsException(violations);
    }
    return this;
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "must be after start and at most "
              + FrameLimits.MAX_ANIMATION_SECONDS_TEXT
              + " seconds after it")
  @ReportedUnder(END)
  public boolean isSpanInBounds() {
    return end > start && end - start <= FrameLimits.MAX_ANIMATION_SECONDS;
  }

  /** How long the preview lasts, in seconds. */
  public double durationSeconds() {
    return end - start;
  }

  /** The canonical parameters: sorted, defaults left out (see {@link FrameRequest#toQuery()}). */
  public Map<String, String> toQuery() {
    Map<String, String> query = new TreeMap<>();
    if (start != 0) {
      query.put(START, QueryReader.text(start));
    }
    if (end != start + FrameLimits.DEFAULT_ANIMATION_SECONDS) {
      query.put(END, QueryReader.text(end));
    }
    if (fps != FrameLimits.DEFAULT_ANIMATION_FPS) {
      query.put(FPS, fps.toString());
    }
    if (width != FrameLimits.DEFAULT_ANIMATION_WIDTH) {
      query.put(WIDTH, width.toString());
    }
    return query;
  }
}
