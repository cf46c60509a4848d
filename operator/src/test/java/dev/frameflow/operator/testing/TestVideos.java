package dev.frameflow.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tiny test videos made with the ffmpeg on the PATH, else JAVE's bundled one (never committed). */
public final class TestVideos {

  private TestVideos() {}

  /** A {@code seconds}-long 160x120 H.264 MP4 at 10 frames per second. */
  public static Path mp4(Path directory, int seconds) {
    return generate(directory.resolve("test-" + seconds + "s.mp4"), seconds);
  }

  /**
   * The same in MPEG-TS, made with the ffmpeg on the PATH (Debian's, as in the image; JAVE's static
   * binary crashes on MPEG-TS on the build machines).
   */
  public static Path ts(Path directory, int seconds) {
    return generate(directory.resolve("test-" + seconds + "s.ts"), seconds);
  }

  private static Path generate(Path out, int seconds) {
    Path directory = out.getParent();
    if (Files.exists(out)) {
      return out;
    }
    String ffmpeg = dev.frameflow.extractor.ffmpeg.Ffmpeg.preferInstalled().binary().toString();
    List<String> command =
        List.of(
            ffmpeg,
            "-hide_banner",
            "-nostdin",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=" + seconds + ":size=160x120:rate=10",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-g",
            "10",
            out.toString());
    try {
      Files.createDirectories(directory);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] log = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg failed: " + new String(log));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Bytes that no demuxer accepts as a video. */
  public static byte[] notAVideo() {
    return "this is a shopping list, not a video\n".repeat(50).getBytes();
  }
}
