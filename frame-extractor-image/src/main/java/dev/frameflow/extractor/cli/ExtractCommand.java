package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.extractor.ExtractionResult;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code extract}: a one-pod run, the video's frames into one ZIP ({@link FrameExtractor}). */
@Command(
    name = ExtractorFlags.EXTRACT,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Turns a video into a ZIP of frames.",
      "",
      "In a Job the URLs come from the operator: with FRAMEFLOW_ACCESS_URL and"
          + " FRAMEFLOW_ACCESS_TOKEN_FILE set, the CLI fetches the pod's access grant (source"
          + " GET and upload) with the pod's projected token, and --source/--output only name"
          + " the objects. Without them, --source URL and --upload give the URLs (by hand, tests)."
    })
final class ExtractCommand implements Callable<Integer> {

  private final CliRun run;

  @Mixin RunOptions line;

  @Option(
      names = "--upload",
      paramLabel = "FILE",
      description =
          "A presigned upload (JSON: partSizeBytes, partUrlTemplate, partSignatures, complete,"
              + " abort): the ZIP goes there, --output only names it. Not with an access grant,"
              + " which carries the upload itself.")
  Path upload;

  @Mixin ExtractionFlags extraction;

  ExtractCommand(CliRun run) {
    this.run = run;
  }

  /** The line, checked. */
  CliArguments arguments() {
    ExtractorLimits limits = line.limits(ExtractorLimits.defaults());
    return new CliArguments(
        line.source,
        line.output,
        upload,
        line.resultFile,
        line.workDir,
        extraction.options(),
        limits,
        null,
        false);
  }

  @Override
  public Integer call() throws Exception {
    CliArguments arguments = run.checked(arguments());
    RunAccess access = run.access(arguments, true);
    arguments = arguments.withSource(access.source());
    // a Job reads and writes through its presigned URLs only: no S3 client, no credentials
    boolean s3ByHand =
        arguments.source() instanceof ObjectLocation.S3Object
            || (access.upload() == null && arguments.output() instanceof ObjectLocation.S3Object);
    ExtractorResult result;
    try (S3Client s3 = s3ByHand ? run.s3() : null) {
      ExtractionResult done =
          FrameExtractor.withStore(run.store(s3, access), arguments.limits(), run.ffmpeg())
              .traced(run.phases())
              .probedAhead(run.probeAhead())
              .extract(arguments.request(), run.progress());
      result =
          ExtractorResult.succeeded(
              done.frames(),
              done.output().toString(),
              done.bytes(),
              done.videoDurationSeconds(),
              done.elapsedMillis());
    }
    return run.finish(result);
  }
}
