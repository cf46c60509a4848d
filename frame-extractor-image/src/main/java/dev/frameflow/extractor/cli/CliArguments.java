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
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line, declared for picocli (which writes the help and checks types, repetitions and
 * the exclusive rate options); anything malformed is a {@link BadInputException} (exit code 2).
 */
record CliArguments(
    ObjectLocation source,
    ObjectLocation output,
    Path upload,
    Path resultFile,
    Path workDir,
    ExtractionOptions options,
    ExtractorLimits limits,
    Slicing slicing,
    boolean probe) {

  /**
   * A sliced run (issue 19): index {@code slice} of {@code slices} writes its part; or, with {@code
   * assembleFrom}, the final step over a local directory of parts.
   */
  record Slicing(int slices, Integer slice, Path access, Path assembleFrom) {}

  static final Path DEFAULT_WORK_DIR = Path.of("/work");

  // unknown properties are refused (Jackson's default): a misspelt option is not silently dropped
  private static final ObjectMapper OPTIONS_JSON = new ObjectMapper();

  /** The same run reading {@code location} (the grant's presigned GET instead of the name). */
  CliArguments withSource(ObjectLocation location) {
    return new CliArguments(
        location, output, upload, resultFile, workDir, options, limits, slicing, probe);
  }

  /** The declaration picocli fills in. */
  @Command(
      name = "frame-extractor",
      mixinStandardHelpOptions = true,
      description = {
        "Turns a video into a ZIP of frames.",
        "",
        "In a Job the URLs come from the operator: with FRAMEFLOW_ACCESS_URL and"
            + " FRAMEFLOW_ACCESS_TOKEN_FILE set, the CLI fetches the pod's access grant (source"
            + " GET, upload or this index's slice URLs) with the pod's projected token, and"
            + " --source/--output only name the objects. Without them, --source URL, --upload and"
            + " --slice-access give the URLs (by hand, tests)."
      },
      sortOptions = false)
  static final class Line {
    @Option(
        names = ExtractorFlags.SOURCE,
        required = true,
        paramLabel = "https://URL|s3://bucket/key|PATH",
        converter = LocationConverter.class,
        description =
            "The video to read: a (presigned) URL is read in place with range requests. With an"
                + " access grant it only names the object: the grant's URL is read.")
    ObjectLocation source;

    @Option(
        names = ExtractorFlags.OUTPUT,
        required = true,
        paramLabel = "s3://bucket/key|PATH",
        converter = LocationConverter.class,
        description = "Where the ZIP of frames goes.")
    ObjectLocation output;

    @Option(
        names = "--upload",
        paramLabel = "FILE",
        description =
            "A presigned upload (JSON: partSizeBytes, partUrlTemplate, partSignatures, complete,"
                + " abort): the ZIP goes there, --output only names it. Not with an access grant,"
                + " which carries the upload itself.")
    Path upload;

    @Option(
        names = ExtractorFlags.RESULT_FILE,
        paramLabel = "PATH",
        description = "Where the result JSON goes too (the pod's termination log).")
    Path resultFile;

    @Option(
        names = ExtractorFlags.WORK_DIR,
        paramLabel = "DIR",
        description = "Scratch space for frames (default: /work).")
    Path workDir = DEFAULT_WORK_DIR;

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

    @Option(
        names = ExtractorFlags.SLICES,
        paramLabel = "N",
        description =
            "Sliced run: the video's timeline is cut into N equal slices of requested timestamps;"
                + " this process extracts one (--slice-index) as one part of the ZIP.")
    Integer slices;

    @Option(
        names = "--slice-index",
        paramLabel = "I",
        description =
            "Which slice, from 0 (default: $JOB_COMPLETION_INDEX, set by an Indexed Job). Its"
                + " first frame is number count*I/N + 1, as in a one-process run.")
    Integer sliceIndex;

    @Option(
        names = "--slice-access",
        paramLabel = "DIR",
        description =
            "Files part-I.url, spill-I.url, index-I.url holding the slice's presigned URLs. Not"
                + " with an access grant, which carries this index's URLs. Without either, --output"
                + " is a directory that receives part-I.zip and index-I.json.")
    Path sliceAccess;

    @Option(
        names = "--assemble-from",
        paramLabel = "DIR",
        description =
            "Final step of a local sliced run: the --slices parts and indexes in DIR become the"
                + " ZIP at --output.")
    Path assembleFrom;

    @Option(
        names = ExtractorFlags.PROBE,
        description =
            "Only probe the source and check it against the limits: the result gives the video's"
                + " duration and no frames (the operator plans a long video's slices from it).")
    boolean probe;

    @Option(
        names = "--max-duration-seconds",
        paramLabel = "S",
        description = "Refuse longer videos (default: 4 h).")
    Double maxDurationSeconds;

    @Option(
        names = "--max-pixels",
        paramLabel = "P",
        description = "Refuse larger frames (default: 8K UHD).")
    Long maxPixels;
  }

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
    java.util.List<String> timestamps;

    @Option(
        names = "--keyframes",
        description = "The keyframes only, decoded without anything else.")
    boolean keyframes;

    @Option(
        names = "--scene",
        description = "The first frame and each frame where the picture changes (a new scene).")
    boolean scene;
  }

  static final class LocationConverter implements CommandLine.ITypeConverter<ObjectLocation> {
    @Override
    public ObjectLocation convert(String text) {
      try {
        return ObjectLocation.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
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

  /** The generated usage text. */
  static String usage() {
    return new CommandLine(new Line()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /** True when the line asks for help or the version rather than an extraction. */
  static boolean asksForHelp(String[] args) {
    try {
      CommandLine line = new CommandLine(new Line());
      line.parseArgs(args);
      return line.isUsageHelpRequested() || line.isVersionHelpRequested();
    } catch (CommandLine.ParameterException e) {
      return false;
    }
  }

  /** The result file, if it can be found, even when the rest of the line is wrong. */
  static Path resultFileOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(ExtractorFlags.RESULT_FILE) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith(ExtractorFlags.RESULT_FILE + "=")) {
        return Path.of(args[i].substring(ExtractorFlags.RESULT_FILE.length() + 1));
      }
    }
    return null;
  }

  /** The storyboard asked for by {@code --storyboard} or any of its settings; else null. */
  private static StoryboardOptions storyboard(Line line) {
    if (!line.storyboard
        && line.storyboardInterval == null
        && line.storyboardTileWidth == null
        && line.storyboardGrid == null) {
      return null;
    }
    Integer columns = null;
    Integer rows = null;
    if (line.storyboardGrid != null) {
      java.util.regex.Matcher grid =
          java.util.regex.Pattern.compile("(\\d{1,4})x(\\d{1,4})").matcher(line.storyboardGrid);
      if (!grid.matches()) {
        throw new BadInputException(
            FailureReason.INVALID_OPTIONS,
            "--storyboard-grid must be COLUMNSxROWS, e.g. 10x10: " + line.storyboardGrid);
      }
      columns = Integer.parseInt(grid.group(1));
      rows = Integer.parseInt(grid.group(2));
    }
    return new StoryboardOptions(line.storyboardInterval, line.storyboardTileWidth, columns, rows);
  }

  /**
   * The options of {@code --options-json} (a Job's way: the whole record, so that a new option
   * needs no flag) or else of the flags a person types; not both.
   */
  private static ExtractionOptions options(Line line) {
    ExtractionOptions typed = typedOptions(line);
    if (line.optionsJson == null) {
      return typed;
    }
    if (!typed.equals(ExtractionOptions.defaults())) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          ExtractorFlags.OPTIONS_JSON + " goes with none of the options' own flags");
    }
    try {
      return OPTIONS_JSON.readValue(line.optionsJson, ExtractionOptions.class);
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          ExtractorFlags.OPTIONS_JSON + " is not the options' JSON: " + e.getOriginalMessage());
    }
  }

  private static ExtractionOptions typedOptions(Line line) {
    Rate rate = line.rate == null ? new Rate() : line.rate;
    return ExtractionOptions.builder()
        .fps(rate.fps)
        .intervalSeconds(rate.intervalSeconds)
        .format(line.format)
        .quality(line.quality)
        .maxFrames(line.maxFrames)
        .width(line.width)
        .start(line.start)
        .end(line.end)
        .count(rate.count)
        .timestamps(rate.timestamps)
        .keyframes(rate.keyframes ? Boolean.TRUE : null)
        .scene(rate.scene ? Boolean.TRUE : null)
        .sceneThreshold(line.sceneThreshold)
        .minIntervalSeconds(line.minIntervalSeconds)
        .storyboard(storyboard(line))
        .contactSheet(line.contactSheet ? Boolean.TRUE : null)
        .build();
  }

  static CliArguments parse(String[] args, ExtractorLimits defaults) {
    Line line = new Line();
    try {
      new CommandLine(line).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new BadInputException(FailureReason.INVALID_OPTIONS, e.getMessage());
    }
    ExtractorLimits limits = defaults;
    if (line.maxDurationSeconds != null) {
      if (!(line.maxDurationSeconds > 0)) {
        throw new BadInputException(
            FailureReason.INVALID_OPTIONS, "--max-duration-seconds must be > 0");
      }
      limits = limits.withMaxDurationSeconds(line.maxDurationSeconds);
    }
    if (line.maxPixels != null) {
      if (line.maxPixels < 1) {
        throw new BadInputException(FailureReason.INVALID_OPTIONS, "--max-pixels must be >= 1");
      }
      limits = limits.withMaxPixels(line.maxPixels);
    }
    ExtractionOptions options = options(line);
    try {
      options.validated();
    } catch (InvalidOptionsException e) {
      // the contract's own message names only the option: fit for users as it is
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS.text() + ": " + e.getMessage(), e.getMessage(), e);
    }
    if (line.probe && (line.slices != null || line.upload != null)) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS, "--probe goes with neither --slices nor --upload");
    }
    Slicing slicing = null;
    if (line.slices != null) {
      if (line.slices < 1
          || line.slices > dev.frameflow.contracts.slicing.SlicePlan.MAX_SLICES
          || (line.sliceIndex != null && (line.sliceIndex < 0 || line.sliceIndex >= line.slices))) {
        throw new BadInputException(
            FailureReason.INVALID_OPTIONS,
            "--slices must be 1.."
                + dev.frameflow.contracts.slicing.SlicePlan.MAX_SLICES
                + " and --slice-index 0..slices-1");
      }
      slicing = new Slicing(line.slices, line.sliceIndex, line.sliceAccess, line.assembleFrom);
    } else if (line.sliceIndex != null || line.sliceAccess != null || line.assembleFrom != null) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          "--slice-index, --slice-access, --assemble-from need --slices");
    }
    return new CliArguments(
        line.source,
        line.output,
        line.upload,
        line.resultFile,
        line.workDir,
        options,
        limits,
        slicing,
        line.probe);
  }
}
