package dev.frameflow.extractor.cli;

import dev.frameflow.archive.ZipAssembler;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.slice.LocalAssembly;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code assemble}: the final step of a local sliced run (tests, benchmarks): the parts and indexes
 * the {@code slice} runs wrote into a directory become one ZIP. In a cluster the operator does it.
 */
@Command(
    name = ExtractorFlags.ASSEMBLE,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "The final step of a local sliced run: the --slices parts and indexes in the"
            + " --assemble-from directory become the ZIP at --output.")
final class AssembleCommand implements Callable<Integer> {

  private final CliRun run;

  @Option(
      names = ExtractorFlags.OUTPUT,
      required = true,
      paramLabel = "PATH",
      converter = RunOptions.LocationConverter.class,
      description = "Where the ZIP goes: a local file.")
  ObjectLocation output;

  @Mixin SliceOptions slicing;

  @Option(
      names = "--assemble-from",
      required = true,
      paramLabel = "DIR",
      description = "The directory the slice runs wrote their parts and indexes into.")
  Path assembleFrom;

  @Option(
      names = ExtractorFlags.RESULT_FILE,
      paramLabel = "PATH",
      description = "Where the result JSON goes too.")
  Path resultFile;

  AssembleCommand(CliRun run) {
    this.run = run;
  }

  CliArguments arguments() {
    return new CliArguments(
        null,
        output,
        null,
        resultFile,
        RunOptions.DEFAULT_WORK_DIR,
        ExtractionOptions.defaults(),
        ExtractorLimits.defaults(),
        new CliArguments.Slicing(slicing.slices(), null, null, assembleFrom),
        false);
  }

  @Override
  public Integer call() throws Exception {
    CliArguments arguments = run.checked(arguments());
    if (AccessGrantClient.requested(run.env())) {
      throw new RunAccess.Mismatch(
          "a local assembly takes no grant (" + AccessGrant.URL_VARIABLE + " is set)");
    }
    Path zip = localPath(arguments.output());
    ZipAssembler.Assembly done =
        LocalAssembly.assemble(assembleFrom, arguments.slicing().slices(), zip);
    return run.finish(
        ExtractorResult.succeeded(
            done.frames(),
            zip.toString(),
            Files.size(zip),
            done.videoDurationSeconds(),
            run.elapsedMillis()));
  }

  /** A local sliced run's output: a path, not an object. */
  static Path localPath(ObjectLocation location) {
    if (location instanceof ObjectLocation.LocalFile file) {
      return file.path();
    }
    throw new BadInputException(
        FailureReason.INVALID_OPTIONS, "a local sliced run needs a local --output");
  }
}
