package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;

/**
 * What a subcommand's line asks for, checked: the source and output, the options and limits, and
 * what its mode needs ({@code upload} for {@code extract}, {@code slicing} for {@code slice} and
 * {@code assemble}, {@code probe} for {@code probe}).
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

  /** The same run reading {@code location} (the grant's presigned GET instead of the name). */
  CliArguments withSource(ObjectLocation location) {
    return new CliArguments(
        location, output, upload, resultFile, workDir, options, limits, slicing, probe);
  }

  /** The extraction this line asks for. */
  ExtractionRequest request() {
    return new ExtractionRequest(source, output, options, workDir);
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
}
