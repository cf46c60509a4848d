package dev.frameflow.extractor.probe;

import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes a local file with {@code ffmpeg -i} (ffmpeg prints the container and stream description on
 * stderr, then exits 1 because no output is given). Anything that is not a playable video throws
 * {@link BadInputException} with a one-line reason.
 */
public final class VideoProbe {

  private final Ffmpeg ffmpeg;

  public VideoProbe(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  public VideoInfo probe(Path file) throws IOException, InterruptedException {
    if (Files.size(file) == 0) {
      throw new BadInputException("not a video: the file is empty (0 bytes)");
    }
    List<String> lines = new ArrayList<>();
    ffmpeg.run(List.of("-i", file.toString()), null, lines::add);
    return FfmpegInfoParser.parse(lines);
  }
}
