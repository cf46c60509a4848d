package dev.frameflow.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * The ffmpeg binary the test videos are made with, chosen as the extractor chooses its own: {@code
 * FRAMEFLOW_FFMPEG_PATH}, else an {@code ffmpeg} on the {@code PATH} (Debian's, installed by
 * scripts/test), else the static one JAVE2 bundles. Kept here rather than borrowed from the
 * extractor so that this module depends on nothing of ours.
 */
public final class TestFfmpeg {

  private static Path binary;

  private TestFfmpeg() {}

  public static synchronized Path binary() {
    if (binary == null) {
      binary = choose(System.getenv());
    }
    return binary;
  }

  static Path choose(Map<String, String> env) {
    String configured = env.get("FRAMEFLOW_FFMPEG_PATH");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured.trim());
    }
    String path = env.get("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isBlank()) {
          continue;
        }
        Path candidate = Path.of(dir).resolve("ffmpeg");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return Path.of(new DefaultFFMPEGLocator().getExecutablePath());
  }
}
