package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.slicing.SlicePlan;
import dev.frameflow.extractor.BadInputException;
import picocli.CommandLine.Option;

/** How many slices a sliced run has (a picocli mixin of {@code slice} and {@code assemble}). */
final class SliceOptions {

  @Option(
      names = ExtractorFlags.SLICES,
      required = true,
      paramLabel = "N",
      description =
          "The video's timeline is cut into N equal slices of requested timestamps (1.."
              + SlicePlan.MAX_SLICES
              + ").")
  int slices;

  /** The count, checked. */
  int slices() {
    if (slices < 1 || slices > SlicePlan.MAX_SLICES) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          ExtractorFlags.SLICES + " must be 1.." + SlicePlan.MAX_SLICES + " but was " + slices);
    }
    return slices;
  }
}
