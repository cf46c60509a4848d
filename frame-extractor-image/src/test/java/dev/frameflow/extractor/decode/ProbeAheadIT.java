package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.testing.TestVideos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local source's probe started before the run, and the run that takes it. */
class ProbeAheadIT {

  @TempDir Path dir;

  private final Ffmpeg ffmpeg = Ffmpeg.at(TestVideos.ffmpegBinary());

  @Test
  void theRunOfThatSourceTakesWhatTheProbeFoundOnce() throws Exception {
    MediaSource source = MediaSource.file(TestVideos.h264Mp4());
    ProbeAhead ahead = ProbeAhead.start(ffmpeg, TestVideos.h264Mp4());

    assertThat(ahead.take(MediaSource.file(TestVideos.vp9Webm()))).as("another source").isNull();
    KeyframeIndexer.Probed probed = ahead.take(source);

    KeyframeIndexer.Probed again = new KeyframeIndexer(ffmpeg).probeAndIndex(source);
    assertThat(probed.video()).isEqualTo(again.video());
    assertThat(probed.keyframes().times()).containsExactly(again.keyframes().times());
    assertThat(ahead.take(source)).as("taken already").isNull();
  }

  @Test
  void whatTheProbeRefusesIsThrownWhereTheRunTakesIt() {
    ProbeAhead ahead = ProbeAhead.start(ffmpeg, TestVideos.pngNamedMp4());

    assertThatThrownBy(() -> ahead.take(MediaSource.file(TestVideos.pngNamedMp4())))
        .isInstanceOf(BadInputException.class);
  }

  @Test
  void onlyAnExtractOfALocalFileIsProbedAhead() {
    String video = TestVideos.h264Mp4().toString();

    assertThat(line(ExtractorFlags.EXTRACT, "--source", video, "--output", "o.zip")).isNotNull();
    assertThat(line(ExtractorFlags.EXTRACT, "--output", "o.zip", "--source=" + video)).isNotNull();
    assertThat(line(ExtractorFlags.PROBE, "--source", video)).isNull();
    assertThat(line(ExtractorFlags.EXTRACT, "--source", "https://example.org/v.mp4")).isNull();
    assertThat(line(ExtractorFlags.EXTRACT, "--source", "s3://bucket/v.mp4")).isNull();
    assertThat(line(ExtractorFlags.EXTRACT, "--source", dir.resolve("none.mp4").toString()))
        .isNull();
    assertThat(line(ExtractorFlags.EXTRACT, "--source")).isNull();
  }

  @Test
  void anExtractionProbedAheadRunsNoProbeOfItsOwnAndGivesTheSameFrames() throws Exception {
    Path log = dir.resolve("ffmpeg.log");
    Ffmpeg logged = Ffmpeg.at(loggingFfmpeg(log));
    ExtractionOptions three = ExtractionOptions.builder().count(3).build();
    ExtractorLimits limits = ExtractorLimits.defaults().withParallelism(2);

    new FrameExtractor(null, limits, logged)
        .probedAhead(ProbeAhead.start(ffmpeg, TestVideos.h264Mp4()))
        .extract(request(three, "ahead.zip"), null);
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    new FrameExtractor(null, limits, ffmpeg).extract(request(three, "plain.zip"), null);

    assertThat(lines).isNotEmpty().noneMatch(line -> line.contains("framecrc"));
    ZipContents ahead = ZipContents.of(dir.resolve("ahead.zip"));
    ZipContents plain = ZipContents.of(dir.resolve("plain.zip"));
    assertThat(ahead.frameNames()).isEqualTo(plain.frameNames()).hasSize(3);
    assertThat(ahead.frameNumbers()).isEqualTo(plain.frameNumbers());
  }

  private ProbeAhead line(String... args) {
    return ProbeAhead.ofLine(args, ExtractorFlags.EXTRACT, () -> ffmpeg);
  }

  private ExtractionRequest request(ExtractionOptions options, String zip) {
    return new ExtractionRequest(
        ObjectLocation.parse(TestVideos.h264Mp4().toString()),
        ObjectLocation.parse(dir.resolve(zip).toString()),
        options,
        dir);
  }

  /** The test's ffmpeg behind a script that writes each of its command lines to {@code log}. */
  private Path loggingFfmpeg(Path log) throws Exception {
    Path script = dir.resolve("ffmpeg");
    Files.writeString(
        script,
        "#!/bin/sh\necho \"$*\" >> '"
            + log
            + "'\nexec '"
            + TestVideos.ffmpegBinary().toAbsolutePath()
            + "' \"$@\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
