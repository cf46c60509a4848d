package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.validation.Between;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One frame of a video as an image: {@code frame.jpg?time=83&width=640}. The time is the
 * extraction's {@code timestamps} grammar, width and quality the extraction's bounds and defaults,
 * so the picture is the one a ZIP holds for {@code timestamps=[time]} with the same options. The
 * format comes from the URL's extension, not from a parameter.
 *
 * <p>With only {@code width} or only {@code height} the other follows the aspect ratio and {@code
 * fit} does not matter: it is then {@link FrameFit#DEFAULT}, so that equal pictures have equal
 * requests (and cache keys).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FrameRequest(
    FrameTime time,
    ImageFormat format,
    @Between(
            min = ExtractionLimits.MIN_WIDTH_TEXT,
            max = ExtractionLimits.MAX_WIDTH_TEXT,
            message = Between.PIXELS)
        Integer width,
    @Between(
            min = ExtractionLimits.MIN_WIDTH_TEXT,
            max = ExtractionLimits.MAX_WIDTH_TEXT,
            message = Between.PIXELS)
        Integer height,
    FrameFit fit,
    @Between(
            min = ExtractionLimits.MIN_QUALITY_TEXT,
            max = ExtractionLimits.MAX_QUALITY_TEXT,
            message = "must be between {min} (best) and {max}")
        Integer quality) {

  public static final String TIME = "time";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String FIT = "fit";
  public static final String QUALITY = "quality";

  /** Every query parameter of a frame URL (the format is the path's extension). */
  public static final List<String> PARAMETERS = List.of(TIME, WIDTH, HEIGHT, FIT, QUALITY);

  public FrameRequest {
    if (time == null) {
      time = FrameTime.START;
    }
    if (format == null) {
      format = ImageFormat.JPEG;
    }
    if (fit == null || width == null || height == null) {
      fit = FrameFit.DEFAULT;
    }
    if (quality == null && format == ImageFormat.JPEG) {
      quality = ExtractionLimits.DEFAULT_JPEG_QUALITY;
    }
  }

  /** The first frame at full size, in that format. */
  public static FrameRequest of(ImageFormat format) {
    return new FrameRequest(null, format, null, null, null, null);
  }

  /**
   * The request a URL's query gives for an image of that format (the path's extension), checked: an
   * {@link InvalidOptionsException} naming every parameter that is unknown, unreadable or out of
   * bounds. The gateway strips its signed-URL parameters first.
   */
  public static FrameRequest fromQuery(Map<String, String> query, ImageFormat format) {
    QueryReader reader = new QueryReader(query, PARAMETERS);
    FrameTime time = reader.parsed(TIME, FrameTime::parse);
    Integer width = reader.whole(WIDTH);
    Integer height = reader.whole(HEIGHT);
    FrameFit fit =
        reader.parsed(
            FIT,
            text ->
                FrameFit.parse(text)
                    .orElseThrow(
                        () -> new IllegalArgumentException("must be " + FrameFit.choices())));
    Integer quality = reader.whole(QUALITY);
    List<Violation> violations = new ArrayList<>(reader.violations());
    if (!violations.isEmpty()) {
      throw new InvalidOptionsException(violations);
    }
    return new FrameRequest(time, format, width, height, fit, quality).validated();
  }

  /** This, if every bound holds; else an exception naming each parameter that breaks one. */
  public FrameRequest validated() {
    List<Violation> violations = ContractValidator.check(this);
    if (!violations.isEmpty()) {
      throw new InvalidOptionsException(violations);
    }
    return this;
  }

  /**
   * The canonical parameters: sorted by name, defaults left out ({@code time=0}, {@code
   * fit=contain}, the format's default quality). Signatures and cache keys are made of these, so
   * two URLs that ask for the same picture have the same ones.
   */
  public Map<String, String> toQuery() {
    Map<String, String> query = new TreeMap<>();
    if (!time.equals(FrameTime.START)) {
      query.put(TIME, time.toString());
    }
    if (width != null) {
      query.put(WIDTH, width.toString());
    }
    if (height != null) {
      query.put(HEIGHT, height.toString());
    }
    if (fit != FrameFit.DEFAULT) {
      query.put(FIT, fit.id());
    }
    if (quality != null
        && !(format == ImageFormat.JPEG && quality == ExtractionLimits.DEFAULT_JPEG_QUALITY)) {
      query.put(QUALITY, quality.toString());
    }
    return query;
  }

  /** Whether both sides of the box are given, so that {@link #fit()} applies. */
  public boolean hasBox() {
    return width != null && height != null;
  }
}
