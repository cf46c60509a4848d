package dev.frameflow.e2e.support;

import dev.frameflow.testing.TestVideos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test media: real videos from the ffmpeg on the PATH, and a corrupt one. */
public final class Media {

  private Media() {}

  /** A {@code seconds}-long 160x120 H.264 MP4. */
  public static Path video(Path directory, int seconds) {
    return TestVideos.mp4(directory, seconds);
  }

  /** The same frames in MPEG-TS (a format the API accepts; Debian's ffmpeg reads it). */
  public static Path tsVideo(Path directory, int seconds) {
    return TestVideos.ts(directory, seconds);
  }

  /**
   * The first 2 KiB of a real MP4: the container header survives, so the upload passes the
   * magic-byte check, but there is nothing to decode.
   */
  public static Path truncatedVideo(Path directory) throws IOException {
    byte[] whole = Files.readAllBytes(video(directory, 4));
    Path truncated = directory.resolve("truncated.mp4");
    Files.write(truncated, Arrays.copyOf(whole, 2048));
    return truncated;
  }
}
