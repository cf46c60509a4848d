package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The flags every run that reads a video takes (a picocli mixin): the source, the output, the
 * result file, the scratch space and the limits.
 */
final class RunOptions {

  static final Path DEFAULT_WORK_DIR = Path.of("/work");

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
      names = "--max-duration-seconds",
      paramLabel = "S",
      description = "Refuse longer videos (default: 4 h).")
  Double maxDurationSeconds;

  @Option(
      names = "--max-pixels",
      paramLabel = "P",
      description = "Refuse larger frames (default: 8K UHD).")
  Long maxPixels;

  /** The defaults with the limits the line sets. */
  ExtractorLimits limits(ExtractorLimits defaults) {
    ExtractorLimits limits = defaults;
    if (maxDurationSeconds != null) {
      if (!(maxDurationSeconds > 0)) {
        throw new BadInputException(
            FailureReason.INVALID_OPTIONS, "--max-duration-seconds must be > 0");
      }
      limits = limits.withMaxDurationSeconds(maxDurationSeconds);
    }
    if (maxPixels != null) {
      if (maxPixels < 1) {
        throw new BadInputException(FailureReason.INVALID_OPTIONS, "--max-pixels must be >= 1");
      }
      limits = limits.withMaxPixels(maxPixels);
    }
    return limits;
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
}
