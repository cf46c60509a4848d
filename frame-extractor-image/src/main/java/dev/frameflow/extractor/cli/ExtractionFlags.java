package dev.frameflow.extractor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The extraction options on the command line (a picocli mixin): one JSON value, as a Job passes
 * them, or the flags a person types. Either way they become the contract's {@link
 * ExtractionOptions}, checked with its bounds.
 */
final class ExtractionFlags {

  /** The reader of the options' JSON, built on first use (a line of flags never needs it). */
  private static final class OptionsJson {
    // unknown properties are refused (Jackson's default): a misspelt option is not silently dropped
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static final Pattern GRID = Pattern.compile("(\\d{1,4})x(\\d{1,4})");

  @Option(
      names = ExtractorFlags.OPTIONS_JSON,
      paramLabel = "JSON",
      description =
          "All the extraction options as one JSON object (a VideoJob's spec.extraction), as the"
              + " operator passes them; instead of the option flags below.")
  String optionsJson;

  @ArgGroup(exclusive = true)
  Rate rate;

  @Option(
      names = "--scene-threshold",
      paramLabel = "0..1",
      description = "With --scene: the change of picture that starts a scene (default: 0.3).")
  Double sceneThreshold;

  @Option(
      names = "--min-interval-seconds",
      paramLabel = "S",
      description = "With --keyframes or --scene: at least S seconds between two frames.")
  Double minIntervalSeconds;

  @Option(
      names = "--storyboard",
      description =
          "Also a storyboard: sprites of tiles and a WebVTT index (storyboard/ in the ZIP).")
  boolean storyboard;

  @Option(
      names = "--storyboard-interval",
      paramLabel = "S",
      description = "Seconds between two storyboard tiles (default: 10; implies --storyboard).")
  Double storyboardInterval;

  @Option(
      names = "--storyboard-tile-width",
      paramLabel = "W",
      description = "Storyboard tile width in pixels (default: 160; implies --storyboard).")
  Integer storyboardTileWidth;

  @Option(
      names = "--storyboard-grid",
      paramLabel = "COLSxROWS",
      description = "Tiles per sprite (default: 10x10; implies --storyboard).")
  String storyboardGrid;

  @Option(
      names = "--contact-sheet",
      description = "Also contact-sheet.jpg: the frames with their timestamps.")
  boolean contactSheet;

  @Option(
      names = "--preview",
      description =
          "Also preview.webp: an animated WebP of a few seconds from the middle of the video.")
  boolean preview;

  @Option(
      names = "--format",
      paramLabel = "jpeg|png|webp",
      converter = FormatConverter.class,
      description = "Image format (default: jpeg).")
  ImageFormat format;

  @Option(names = "--quality", paramLabel = "2..31", description = "JPEG quality, 2 is best.")
  Integer quality;

  @Option(names = "--max-frames", paramLabel = "N", description = "The most frames to take.")
  Integer maxFrames;

  @Option(names = "--width", paramLabel = "W", description = "Frame width in pixels.")
  Integer width;

  @Option(names = "--start", paramLabel = "SECONDS", description = "Where to start.")
  Double start;

  @Option(names = "--end", paramLabel = "SECONDS", description = "Where to stop.")
  Double end;

  /** The sampling mode, one at most; none means one frame per second. */
  static final class Rate {
    @Option(names = "--fps", paramLabel = "R", description = "Frames per second.")
    Double fps;

    @Option(names = "--interval-seconds", paramLabel = "N", description = "One frame every N s.")
    Double intervalSeconds;

    @Option(
        names = "--count",
        paramLabel = "N",
        description = "N frames evenly spaced over the video (or --start..--end), from the start.")
    Integer count;

    @Option(
        names = "--timestamps",
        paramLabel = "T[,T...]",
        split = ",",
        description = "Frames at these times: seconds (12.5) or percent of the duration (50%%).")
    List<String> timestamps;

    @Option(
        names = "--keyframes",
        description = "The keyframes only, decoded without anything else.")
    boolean keyframes;

    @Option(
        names = "--scene",
        description = "The first frame and each frame where the picture changes (a new scene).")
    boolean scene;
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<ImageFormat> {
    @Override
    public ImageFormat convert(String text) {
      return ImageFormat.parse(text)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "unknown image format: " + text + " (jpeg, png or webp)"));
    }
  }

  /**
   * The options of {@code --options-json} (a Job's way: the whole record, so that a new option
   * needs no flag) or else of the flags a person types, not both; checked with the contract's
   * bounds.
   */
  ExtractionOptions options() {
    ExtractionOptions options = optionsJson == null ? typedOptions() : jsonOptions();
    try {
      options.validated();
    } catch (InvalidOptionsException e) {
      // the contract's own message names only the option: fit for users as it is
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS.text() + ": " + e.getMessage(), e.getMessage(), e);
    }
    return options;
  }

  private ExtractionOptions jsonOptions() {
    if (!typedOptions().equals(ExtractionOptions.defaults())) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          ExtractorFlags.OPTIONS_JSON + " goes with none of the options' own flags");
    }
    try {
      return OptionsJson.MAPPER.readValue(optionsJson, ExtractionOptions.class);
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          ExtractorFlags.OPTIONS_JSON + " is not the options' JSON: " + e.getOriginalMessage());
    }
  }

  private ExtractionOptions typedOptions() {
    Rate chosen = rate == null ? new Rate() : rate;
    return ExtractionOptions.builder()
        .fps(chosen.fps)
        .intervalSeconds(chosen.intervalSeconds)
        .format(format)
        .quality(quality)
        .maxFrames(maxFrames)
        .width(width)
        .start(start)
        .end(end)
        .count(chosen.count)
        .timestamps(chosen.timestamps)
        .keyframes(chosen.keyframes ? Boolean.TRUE : null)
        .scene(chosen.scene ? Boolean.TRUE : null)
        .sceneThreshold(sceneThreshold)
        .minIntervalSeconds(minIntervalSeconds)
        .storyboard(storyboard())
        .contactSheet(contactSheet ? Boolean.TRUE : null)
        .preview(preview ? Boolean.TRUE : null)
        .build();
  }

  /** The storyboard asked for by {@code --storyboard} or any of its settings; else null. */
  private StoryboardOptions storyboard() {
    if (!storyboard
        && storyboardInterval == null
        && storyboardTileWidth == null
        && storyboardGrid == null) {
      return null;
    }
    Integer columns = null;
    Integer rows = null;
    if (storyboardGrid != null) {
      Matcher grid = GRID.matcher(storyboardGrid);
      if (!grid.matches()) {
        throw new BadInputException(
            FailureReason.INVALID_OPTIONS,
            "--storyboard-grid must be COLUMNSxROWS, e.g. 10x10: " + storyboardGrid);
      }
      columns = Integer.parseInt(grid.group(1));
      rows = Integer.parseInt(grid.group(2));
    }
    return new StoryboardOptions(storyboardInterval, storyboardTileWidth, columns, rows);
  }
}
