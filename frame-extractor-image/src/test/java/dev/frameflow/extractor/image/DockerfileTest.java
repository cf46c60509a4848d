package dev.frameflow.extractor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image cannot be built here (no Docker): these checks read the Dockerfile for what the Job
 * relies on.
 */
class DockerfileTest {

  static List<String> lines;

  @BeforeAll
  static void read() throws IOException {
    // continuation lines joined, comments dropped
    String text = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
    lines =
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @Test
  void theRuntimeStageIsDebianWithItsOwnJreAndFfmpegPackagesAndNoBundledBinary() {
    List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(stages).hasSize(2);
    assertThat(stages.get(0)).endsWith(" AS build");
    assertThat(stages.get(1)).matches("FROM debian:bookworm-slim@sha256:[0-9a-f]{64}");
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("RUN apt-get update")
                    && l.contains("apt-get install -y --no-install-recommends")
                    && l.contains(" ffmpeg")
                    && l.contains("openjdk-17-jre-headless"));
    // JAVE's static binary neither ships nor is unpacked: its jar is removed from the libraries
    assertThat(lines).anyMatch(l -> l.contains("rm /app/lib/jave-nativebin-*.jar"));
    assertThat(lines).noneMatch(l -> l.contains("jar xf") || l.contains("/usr/local/bin/ffmpeg"));
    assertThat(lines).contains("ENV FRAMEFLOW_FFMPEG_PATH=/usr/bin/ffmpeg");
  }

  @Test
  void itRunsAsANonRootUidWithItsWritesOnTheWorkVolume() {
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).hasSize(1);
    assertThat(users.get(0)).matches("USER [1-9][0-9]{3,}:[1-9][0-9]{3,}");
    assertThat(lines).contains("VOLUME [\"/work\"]");
    String entrypoint =
        lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    assertThat(entrypoint)
        .contains("\"-Xmx128m\"")
        .contains("\"-XX:-UsePerfData\"")
        .contains("\"-Djava.io.tmpdir=/work\"")
        .contains("dev.frameflow.extractor.cli.ExtractorCli");
  }
}
