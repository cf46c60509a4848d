package dev.frameflow.extractor.probe;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the probe reads an ffmpeg that does not exit normally (a stand-in script plays it). */
class VideoProbeTest {

  @TempDir Path dir;

  @Test
  void anInputThatCrashesFfmpegIsRefusedAsSuchNotCalledNotAVideo() throws Exception {
    VideoProbe probe = new VideoProbe(Ffmpeg.at(ffmpegDyingOf("SEGV")));

    assertThatThrownBy(() -> probe.probe(someFile()))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "ffmpeg crashed (signal 11) reading the file: this ffmpeg build cannot read it");
  }

  @Test
  void anFfmpegKilledFromOutsideIsTransient() throws Exception {
    VideoProbe probe = new VideoProbe(Ffmpeg.at(ffmpegDyingOf("KILL")));

    assertThatThrownBy(() -> probe.probe(someFile()))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(BadInputException.class)
        .hasMessageContaining("killed (exit 137)");
  }

  private Path ffmpegDyingOf(String signal) throws IOException {
    Path script = dir.resolve("ffmpeg-" + signal);
    Files.writeString(script, "#!/bin/sh\nkill -" + signal + " $$\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private Path someFile() throws IOException {
    return Files.write(dir.resolve("in.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
  }
}
