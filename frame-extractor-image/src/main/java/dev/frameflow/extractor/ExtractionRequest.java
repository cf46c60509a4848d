package dev.frameflow.extractor;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One video to turn into a ZIP of frames. {@code workDir} is where the source copy and the frames
 * wait; the extractor creates a private directory inside it and always deletes it. Options out of
 * the contract's bounds are bad input: the same values the API would have refused.
 */
public record ExtractionRequest(
    ObjectLocation source, ObjectLocation output, ExtractionOptions options, Path workDir) {

  public ExtractionRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(output, "output");
    options = options == null ? ExtractionOptions.defaults() : options;
    try {
      options.validated();
    } catch (InvalidOptionsException e) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS.text() + ": " + e.getMessage(), e.getMessage(), e);
    }
    workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : workDir;
  }
}
