package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
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
    Slicing slicing) {

  /**
   * A sliced run (issue 19): index {@code slice} of {@code slices} writes its part; or, with {@code
   * assembleFrom}, the final step over a local directory of parts.
   */
  record Slicing(int slices, Integer slice, Path access, Path assembleFrom) {}

  static final Path DEFAULT_WORK_DIR = Path.of("/work");

  /** The declaration picocli fills in. */
  @Command(
      name = "frame-extractor",
      mixinStandardHelpOptions = true,
      description = "Turns a video into a ZIP of frames.",
      sortOptions = false)
  static final class Line {
    @Option(
        names = "--source",
        required = true,
        paramLabel = "https://URL|s3://bucket/key|PATH",
        converter = LocationConverter.class,
        description = "The video to read: a (presigned) URL is read in place with range requests.")
    ObjectLocation source;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "s3://bucket/key|PATH",
        converter = LocationConverter.class,
        description = "Where the ZIP of frames goes.")
    ObjectLocation output;

    @Option(
        names = "--upload",
        paramLabel = "FILE",
        description =
            "The Job's presigned upload (JSON: partSizeBytes, parts, complete, abort): the ZIP"
                + " goes there, --output only names it.")
    Path upload;

    @Option(
        names = "--result-file",
        paramLabel = "PATH",
        description = "Where the result JSON goes too (the pod's termination log).")
    Path resultFile;

    @Option(
        names = "--work-dir",
        paramLabel = "DIR",
        description = "Scratch space for frames (default: /work).")
    Path workDir = DEFAULT_WORK_DIR;

    @ArgGroup(exclusive = true)
    Rate rate;

    @Option(
        names = "--format",
        paramLabel = "jpeg|png",
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
        names = "--slices",
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
            "The Job's Secret: part-I.url, spill-I.url, index-I.url. Without it, --output is a"
                + " directory that receives part-I.zip and index-I.json.")
    Path sliceAccess;

    @Option(
        names = "--assemble-from",
        paramLabel = "DIR",
        description =
            "Final step of a local sliced run: the --slices parts and indexes in DIR become the"
                + " ZIP at --output.")
    Path assembleFrom;

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

  /** One of the two ways to say how often; neither means one frame per second. */
  static final class Rate {
    @Option(names = "--fps", paramLabel = "R", description = "Frames per second.")
    Double fps;

    @Option(names = "--interval-seconds", paramLabel = "N", description = "One frame every N s.")
    Double intervalSeconds;
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
                      "unknown image format: " + text + " (jpeg or png)"));
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
      if (args[i].equals("--result-file") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--result-file=")) {
        return Path.of(args[i].substring("--result-file=".length()));
      }
    }
    return null;
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
    ExtractionOptions options =
        new ExtractionOptions(
            line.rate == null ? null : line.rate.fps,
            line.rate == null ? null : line.rate.intervalSeconds,
            line.format,
            line.quality,
            line.maxFrames,
            line.width,
            line.start,
            line.end);
    try {
      options.validated();
    } catch (InvalidOptionsException e) {
      // the contract's own message names only the option: fit for users as it is
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS.text() + ": " + e.getMessage(), e.getMessage(), e);
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
        slicing);
  }
}
