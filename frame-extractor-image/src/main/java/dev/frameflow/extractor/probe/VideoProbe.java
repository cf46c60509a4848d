package dev.frameflow.extractor.probe;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.SourceUnreadableException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes a local file with {@code ffmpeg -i} (ffmpeg prints the container and stream description on
 * stderr, then exits 1 because no output is given). Anything that is not a playable video throws
 * {@link BadInputException} with a one-line reason, and so does an input that crashes ffmpeg; an
 * ffmpeg killed from outside (out of memory) is an {@link IOException}, worth a retry.
 */
public final class VideoProbe {

  private final Ffmpeg ffmpeg;

  public VideoProbe(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  public VideoInfo probe(Path file) throws IOException, InterruptedException {
    return probe(MediaSource.file(file));
  }

  /** Probes a file or URL (the only run that lets ffmpeg detect the format). */
  public VideoInfo probe(MediaSource source) throws IOException, InterruptedException {
    return probe(source, List.of(), List.of(), null);
  }

  /**
   * Probes a file or URL with an ffmpeg that also writes an output: {@code inputOptions} go before
   * the input, {@code outputArguments} after it, and its stdout lines to {@code stdout}. One
   * process and one opening of the input do the work of two (the keyframe index reads its packets
   * in the probe's run). Only the description of the input counts for the probe: what ffmpeg prints
   * about the output once the input is open is left out.
   */
  public VideoInfo probe(
      MediaSource source,
      List<String> inputOptions,
      List<String> outputArguments,
      java.util.function.Consumer<String> stdout)
      throws IOException, InterruptedException {
    if (source.isLocal() && Files.size(Path.of(source.location())) == 0) {
      throw new BadInputException(
          FailureReason.EMPTY_FILE, "not a video: the file is empty (0 bytes)");
    }
    List<String> lines = new ArrayList<>();
    List<String> args = new ArrayList<>(inputOptions);
    args.addAll(source.inputArguments());
    args.addAll(outputArguments);
    boolean[] output = {false};
    Ffmpeg.Outcome outcome =
        ffmpeg.run(
            args,
            stdout,
            line -> {
              output[0] |= line.startsWith("Output #") || line.startsWith("Stream mapping:");
              if (!output[0]) {
                lines.add(line);
              }
            });
    if (!source.isLocal() && unreachable(lines)) {
      throw new SourceUnreadableException("the source could not be read: " + tail(lines));
    }
    if (outcome.crashed()) {
      // the same bytes crash it again: say so rather than "not a video", and never retry
      throw new BadInputException(
          FailureReason.UNDECODABLE,
          outcome.crashDescription() + " reading the file: this ffmpeg build cannot read it");
    }
    if (outcome.killed()) {
      throw new IOException("ffmpeg was killed (exit " + outcome.exitCode() + ") while probing");
    }
    return FfmpegInfoParser.parse(lines);
  }

  /** The URL answered with an HTTP error or not at all (expired URL, S3 down): worth a retry. */
  private static boolean unreachable(List<String> lines) {
    return lines.stream()
        .anyMatch(
            l ->
                l.contains("HTTP error")
                    || l.contains("Server returned")
                    || l.contains("Connection refused")
                    || l.contains("Connection timed out"));
  }

  private static String tail(List<String> lines) {
    return lines.isEmpty() ? "" : Ffmpeg.redact(lines.get(lines.size() - 1));
  }
}
