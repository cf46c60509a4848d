package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code probe}: only the probe an extraction starts with, and the checks that follow it (a video,
 * within the duration and size limits), so that the operator can plan a long video's slices before
 * it starts them. The result is the usual {@link ExtractorResult} with no frames and the video's
 * duration; bad input fails as an extraction of the same source would (exit code 2, same reason). A
 * URL source is read in place: a few ranged reads, whatever the video's size.
 */
@Command(
    name = ExtractorFlags.PROBE,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Only probes the source and checks it against the limits: the result gives the video's"
          + " duration and no frames (the operator plans a long video's slices from it).",
      "",
      "In a Job the source's URL comes from the operator's access grant (FRAMEFLOW_ACCESS_URL,"
          + " FRAMEFLOW_ACCESS_TOKEN_FILE); --source and --output only name the objects."
    })
final class ProbeCommand implements Callable<Integer> {

  private final CliRun run;

  @Mixin RunOptions line;

  ProbeCommand(CliRun run) {
    this.run = run;
  }

  CliArguments arguments() {
    return new CliArguments(
        line.source,
        line.output,
        null,
        line.resultFile,
        line.workDir,
        ExtractionOptions.defaults(),
        line.limits(ExtractorLimits.defaults()),
        null,
        true);
  }

  @Override
  public Integer call() throws Exception {
    CliArguments arguments = run.checked(arguments());
    // a probe pod is granted the source's presigned GET only: no S3 client, no upload
    RunAccess access = run.access(arguments, false);
    arguments = arguments.withSource(access.source());
    boolean s3ByHand = arguments.source() instanceof ObjectLocation.S3Object;
    ExtractorResult result;
    try (S3Client s3 = s3ByHand ? run.s3() : null;
        Workspace workspace = Workspace.create(arguments.workDir(), "probe-")) {
      MediaSource source = workspace.open(run.store(s3, access), arguments.source());
      VideoInfo video = new VideoProbe(run.ffmpeg()).probe(source);
      FrameExtractor.checkLimits(video, arguments.limits());
      result =
          ExtractorResult.succeeded(
              0, arguments.output().toString(), 0, video.durationSeconds(), run.elapsedMillis());
    }
    return run.finish(result);
  }
}
