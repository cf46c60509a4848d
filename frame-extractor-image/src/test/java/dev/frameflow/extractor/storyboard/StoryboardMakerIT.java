package dev.frameflow.extractor.storyboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.testing.TestVideos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a storyboard costs in ffmpeg processes, counted by a wrapper script that logs each run of
 * the real ffmpeg: the checked seeks of MPEG-TS must not reach the containers with an index.
 */
class StoryboardMakerIT {

  /** The command line of SafeSeek's copy-only landing check (its bitstream filter). */
  private static final String LANDING_CHECK = "noise=drop=not(key)";

  @TempDir Path dir;

  @Test
  void anMp4StoryboardIsOneFfmpegPerWorkerAndTheSpriteRunWithNoSeekCheck() throws Exception {
    List<String> runs = storyboardRuns(TestVideos.h264Mp4());

    // 3 tiles, 2 workers: 2 batches of seek windows, then the sprite
    assertThat(runs).hasSize(3);
    assertThat(runs.stream().filter(r -> r.contains("-f concat")).count()).isEqualTo(2);
    assertThat(runs).noneMatch(r -> r.contains(LANDING_CHECK));
  }

  @Test
  void anMpegTsStoryboardChecksEachTileSeekAndDecodesEachTileAlone() throws Exception {
    List<String> runs = storyboardRuns(TestVideos.h264Ts());

    // tiles at 1.5 and 3 s seek, each checked at least once; the tile at 0 s needs no seek
    assertThat(runs.stream().filter(r -> r.contains(LANDING_CHECK)).count())
        .isGreaterThanOrEqualTo(2);
    assertThat(runs).noneMatch(r -> r.contains("-f concat"));
    assertThat(runs.stream().filter(r -> r.contains("trim=end=")).count()).isEqualTo(3);
  }

  /** The ffmpeg command lines of one 3-tile storyboard (every 1.5 s of 4 s) with 2 workers. */
  private List<String> storyboardRuns(Path video) throws Exception {
    Path real = TestVideos.ffmpegBinary().toAbsolutePath();
    VideoInfo info = new VideoProbe(Ffmpeg.at(real)).probe(video);
    Path log = dir.resolve("runs.log");
    Path wrapper = dir.resolve("ffmpeg");
    Files.writeString(
        wrapper,
        "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

    StoryboardMaker.Storyboard storyboard =
        new StoryboardMaker(Ffmpeg.at(wrapper), 2)
            .make(
                MediaSource.file(video).withDemuxer(info.demuxer()),
                info,
                new StoryboardOptions(1.5, 80, 3, 1),
                Files.createDirectories(dir.resolve("out")));

    assertThat(storyboard.layout().tiles()).isEqualTo(3);
    assertThat(storyboard.sprites()).hasSize(1);
    assertThat(Files.size(storyboard.sprites().get(0))).isPositive();
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }
}
