package dev.frameflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFfmpegTest {

  @TempDir Path dir;

  @Test
  void theConfiguredBinaryWinsOverThePath() throws IOException {
    Path onPath = executable(dir.resolve("bin"));
    assertThat(
            TestFfmpeg.choose(
                Map.of(
                    "FRAMEFLOW_FFMPEG_PATH",
                    "/opt/ffmpeg/bin/ffmpeg",
                    "PATH",
                    onPath.getParent().toString())))
        .isEqualTo(Path.of("/opt/ffmpeg/bin/ffmpeg"));
  }

  @Test
  void anExecutableOnThePathIsFoundInPathOrder() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path first = executable(dir.resolve("first"));
    executable(dir.resolve("second"));
    String path = empty + ":" + first.getParent() + ":" + dir.resolve("second");
    assertThat(TestFfmpeg.choose(Map.of("PATH", path))).isEqualTo(first);
  }

  @Test
  void withoutOneTheBundledBinaryIsUsed() {
    Path bundled = TestFfmpeg.choose(Map.of("PATH", dir.toString()));
    assertThat(bundled.getFileName().toString()).startsWith("ffmpeg");
    assertThat(bundled).isExecutable();
  }

  private static Path executable(Path directory) throws IOException {
    Files.createDirectories(directory);
    return Files.createFile(
        directory.resolve("ffmpeg"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }
}
