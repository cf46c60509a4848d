package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.Phases;
import dev.frameflow.extractor.slice.SliceExtractor;
import dev.frameflow.extractor.slice.SliceUpload;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code slice}: one index of a sliced run (issue 19), its part of the ZIP extracted ({@link
 * SliceExtractor}) and stored: through the pod's grant, the {@code --slice-access} URLs, or into a
 * local directory.
 */
@Command(
    name = ExtractorFlags.SLICE,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "One slice of a sliced run: the video's timeline is cut into --slices equal slices of"
          + " requested timestamps; this process extracts one (--slice-index) as one part of the"
          + " ZIP, its frames numbered as in a one-process run.",
      "",
      "In a Job (an Indexed Job's index) the URLs come from the operator's access grant"
          + " (FRAMEFLOW_ACCESS_URL, FRAMEFLOW_ACCESS_TOKEN_FILE), this index's only."
    })
final class SliceCommand implements Callable<Integer> {

  private final CliRun run;

  @Mixin RunOptions line;

  @Mixin SliceOptions slicing;

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

  @Mixin ExtractionFlags extraction;

  SliceCommand(CliRun run) {
    this.run = run;
  }

  CliArguments arguments() {
    ExtractorLimits limits = line.limits(ExtractorLimits.defaults());
    int slices = slicing.slices();
    if (sliceIndex != null && (sliceIndex < 0 || sliceIndex >= slices)) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS, "--slice-index must be 0.." + (slices - 1));
    }
    return new CliArguments(
        line.source,
        line.output,
        null,
        line.resultFile,
        line.workDir,
        extraction.options(),
        limits,
        new CliArguments.Slicing(slices, sliceIndex, sliceAccess, null),
        false);
  }

  @Override
  public Integer call() throws Exception {
    CliArguments arguments = run.checked(arguments());
    RunAccess access = run.access(arguments, true);
    arguments = arguments.withSource(access.source());
    Integer chosen = access.sliceIndex(arguments.slicing());
    int slice = chosen != null ? chosen : completionIndex(arguments.slicing().slices());
    SliceUpload upload = upload(access, arguments);
    Files.createDirectories(arguments.workDir());
    Path part = Files.createTempFile(arguments.workDir(), "part-" + slice + "-", ".zip");
    boolean s3ByHand = arguments.source() instanceof ObjectLocation.S3Object;
    SliceIndex index;
    try (S3Client s3 = s3ByHand ? run.s3() : null) {
      // the slice's spans: its part decoded (open and index included), then uploaded
      Phases phases = run.phases();
      CliArguments line = arguments;
      SliceExtractor.Slice done =
          phases.run(
              Phases.DECODE,
              () ->
                  new SliceExtractor(run.store(s3, access), line.limits(), run.ffmpeg())
                      .extract(line.request(), slice, line.slicing().slices(), part, null));
      index = phases.run(Phases.UPLOAD, () -> upload.store(done));
    } finally {
      Files.deleteIfExists(part);
    }
    return run.finish(
        ExtractorResult.succeeded(
            index.entries().size(),
            arguments.output().toString(),
            index.partBytes(),
            index.video().durationSeconds(),
            run.elapsedMillis()));
  }

  /** Where the part goes: the grant's URLs (renewed or not), {@code --slice-access}'s, or a dir. */
  private static SliceUpload upload(RunAccess access, CliArguments arguments) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    if (access.slice() != null && access.renewing() != null) {
      // the pod's grant, renewed as it runs: this index's three URLs as they are when used
      return SliceUpload.presigned(
          http, access.slice().index(), access.renewing().slice(), SliceUpload.MIN_PART_BYTES);
    }
    if (access.slice() != null) {
      // the pod's grant: this index's three URLs, nothing of the other indexes'
      return SliceUpload.presigned(http, access.slice(), SliceUpload.MIN_PART_BYTES);
    }
    if (arguments.slicing().access() != null) {
      return SliceUpload.presigned(http, arguments.slicing().access(), SliceUpload.MIN_PART_BYTES);
    }
    return SliceUpload.toDirectory(AssembleCommand.localPath(arguments.output()));
  }

  private int completionIndex(int slices) {
    String value = run.env().get(SliceAccess.COMPLETION_INDEX_VARIABLE);
    try {
      int index = Integer.parseInt(value == null ? "" : value.trim());
      if (index >= 0 && index < slices) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(
        FailureReason.INVALID_OPTIONS,
        "no --slice-index and no valid " + SliceAccess.COMPLETION_INDEX_VARIABLE + ": " + value);
  }
}
