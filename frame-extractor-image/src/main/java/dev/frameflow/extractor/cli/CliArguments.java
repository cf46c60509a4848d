package dev.frameflow.extractor.cli;

import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractionOptions;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.ImageFormat;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The command line, parsed; anything malformed is a {@link BadInputException} (exit code 2). */
record CliArguments(
    ObjectLocation source,
    ObjectLocation output,
    Path resultFile,
    Path workDir,
    ExtractionOptions options,
    ExtractorLimits limits) {

  static final Path DEFAULT_WORK_DIR = Path.of("/work");

  private static final Set<String> FLAGS =
      Set.of(
          "--source",
          "--output",
          "--result-file",
          "--work-dir",
          "--fps",
          "--interval-seconds",
          "--format",
          "--quality",
          "--max-frames",
          "--width",
          "--start",
          "--end",
          "--max-duration-seconds",
          "--max-pixels");

  static final String USAGE =
      "usage: frame-extractor --source s3://bucket/key|PATH --output s3://bucket/key|PATH"
          + " [--result-file PATH] [--work-dir DIR] [--fps R | --interval-seconds N]"
          + " [--format jpeg|png] [--quality 2..31] [--max-frames N] [--width W]"
          + " [--start SECONDS] [--end SECONDS] [--max-duration-seconds S] [--max-pixels P]";

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
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value;
      int equals = flag.indexOf('=');
      if (flag.startsWith("--") && equals > 0) {
        value = flag.substring(equals + 1);
        flag = flag.substring(0, equals);
      } else {
        if (i + 1 >= args.length) {
          throw new BadInputException("missing value for " + flag + "; " + USAGE);
        }
        value = args[++i];
      }
      if (!FLAGS.contains(flag)) {
        throw new BadInputException("unknown argument " + flag + "; " + USAGE);
      }
      if (values.put(flag, value) != null) {
        throw new BadInputException(flag + " given twice");
      }
    }
    ObjectLocation source = location(values, "--source");
    ObjectLocation output = location(values, "--output");
    ExtractorLimits limits = defaults;
    if (values.containsKey("--max-duration-seconds")) {
      double max = decimal(values, "--max-duration-seconds");
      if (!(max > 0)) {
        throw new BadInputException("--max-duration-seconds must be > 0");
      }
      limits = limits.withMaxDurationSeconds(max);
    }
    if (values.containsKey("--max-pixels")) {
      long max = whole(values, "--max-pixels");
      if (max < 1) {
        throw new BadInputException("--max-pixels must be >= 1");
      }
      limits = limits.withMaxPixels(max);
    }
    ExtractionOptions options =
        new ExtractionOptions(
            optionalDecimal(values, "--fps"),
            optionalDecimal(values, "--interval-seconds"),
            values.containsKey("--format") ? ImageFormat.parse(values.get("--format")) : null,
            optionalInt(values, "--quality"),
            optionalInt(values, "--max-frames"),
            optionalInt(values, "--width"),
            optionalDecimal(values, "--start"),
            optionalDecimal(values, "--end"));
    return new CliArguments(
        source,
        output,
        values.containsKey("--result-file") ? Path.of(values.get("--result-file")) : null,
        values.containsKey("--work-dir") ? Path.of(values.get("--work-dir")) : DEFAULT_WORK_DIR,
        options,
        limits);
  }

  private static ObjectLocation location(Map<String, String> values, String flag) {
    String text = values.get(flag);
    if (text == null) {
      throw new BadInputException(flag + " is required; " + USAGE);
    }
    try {
      return ObjectLocation.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(flag + ": " + e.getMessage());
    }
  }

  private static Double optionalDecimal(Map<String, String> values, String flag) {
    return values.containsKey(flag) ? decimal(values, flag) : null;
  }

  private static Integer optionalInt(Map<String, String> values, String flag) {
    if (!values.containsKey(flag)) {
      return null;
    }
    long value = whole(values, flag);
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new BadInputException(flag + " is out of range: " + value);
    }
    return (int) value;
  }

  private static double decimal(Map<String, String> values, String flag) {
    try {
      double value = Double.parseDouble(values.get(flag));
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadInputException(flag + " expects a number but got " + values.get(flag));
    }
  }

  private static long whole(Map<String, String> values, String flag) {
    try {
      return Long.parseLong(values.get(flag));
    } catch (NumberFormatException e) {
      throw new BadInputException(flag + " expects a whole number but got " + values.get(flag));
    }
  }
}
