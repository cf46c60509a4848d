package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.workspace.Workspace;
import java.io.IOException;

/**
 * {@code --probe}: only the probe an extraction starts with, and the checks that follow it (a
 * video, within the duration and size limits), so that the operator can plan a long video's slices
 * before it starts them. The result is the usual {@link ExtractorResult} with no frames and the
 * video's duration; bad input fails as an extraction of the same source would (exit code 2, same
 * reason). A URL source is read in place: a few ranged reads, whatever the video's size.
 */
final class ProbeRun {

  private ProbeRun() {}

  static ExtractorResult run(CliArguments arguments, ObjectStore store, Ffmpeg ffmpeg, long started)
      throws IOException, InterruptedException {
    try (Workspace workspace = Workspace.create(arguments.workDir(), "probe-")) {
      MediaSource source = workspace.open(store, arguments.source());
      VideoInfo video = new VideoProbe(ffmpeg).probe(source);
      FrameExtractor.checkLimits(video, arguments.limits());
      return ExtractorResult.succeeded(
          0,
          arguments.output() == null ? null : arguments.output().toString(),
          0,
          video.durationSeconds(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }
}
