package dev.frameflow.extractor.animation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.frames.AnimationFormat;
import dev.frameflow.contracts.frames.AnimationRequest;
import dev.frameflow.contracts.frames.FrameLimits;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.testing.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Animations rendered by the real ffmpeg from the numbered test videos (320x240, 30 frames a
 * second, 4 s; frame n carries its number): the right frames, as many as the clip's length times
 * its rate, at the asked width, looping forever; a range past the end and a corrupt source refused.
 */
class AnimatedPreviewIT {

  private static final Ffmpeg FFMPEG = Ffmpeg.at(TestVideos.ffmpegBinary());

  @TempDir Path dir;

  private final AnimatedPreview preview = new AnimatedPreview(FFMPEG);

  @Test
  void aGifStartsAtTheFrameOnScreenAtItsStartAndHasDurationTimesFpsFramesThatLoopForever()
      throws Exception {
    Path video = TestVideos.h264Mp4();

    AnimationFiles.Animation gif =
        AnimationFiles.gif(
            preview.gif(source(video), probe(video), new Clip(1.5, 3.5, 10, 160), dir));

    // frame 45 is on screen at 1.5 s (30 fps); 2 s at 10 fps
    assertThat(FrameNumbers.read(gif.firstFrame())).isEqualTo(45);
    assertThat(gif.frames()).isEqualTo(20);
    assertThat(gif.width()).isEqualTo(160);
    assertThat(gif.height()).isEqualTo(120); // the aspect ratio kept
    assertThat(gif.loops()).as("NETSCAPE2.0 loop count: 0 is forever").isZero();
    assertThat(gif.durationMillis()).as("one pass plays 2 s").isEqualTo(2000);
  }

  @Test
  void aWebpIsAnimatedLoopsForeverAndStartsAtTheSameFrame() throws Exception {
    Path video = TestVideos.h264Mp4();

    AnimationFiles.Animation webp =
        AnimationFiles.webp(
            preview.webp(source(video), probe(video), new Clip(1.5, 3.5, 10, 160), dir));

    assertThat(webp.frames()).isEqualTo(20);
    assertThat(webp.width()).isEqualTo(160);
    assertThat(webp.height()).isEqualTo(120);
    assertThat(webp.loops()).as("ANIM loop count: 0 is forever").isZero();
    assertThat(webp.durationMillis()).as("one pass plays 2 s").isEqualTo(2000);
    assertThat(FrameNumbers.read(stillAsPng(webp.firstFrame()))).isEqualTo(45);
  }

  @Test
  void aRequestOfTheFrameServerIsRenderedInItsFormatWithTheContractsDefaults() throws Exception {
    Path video = TestVideos.h264Mp4();
    // start 1 s, the defaults: 5 s (cut at the end of the 4 s video), 10 fps, 320 wide
    AnimationRequest request =
        AnimationRequest.fromQuery(Map.of("start", "1"), AnimationFormat.GIF);

    AnimationFiles.Animation gif =
        AnimationFiles.gif(preview.render(source(video), probe(video), request, dir));
    AnimationFiles.Animation webp =
        AnimationFiles.webp(
            preview.render(
                source(video),
                probe(video),
                AnimationRequest.fromQuery(Map.of("start", "1", "end", "2"), AnimationFormat.WEBP),
                dir));

    assertThat(gif.frames()).isEqualTo(30);
    assertThat(gif.width()).isEqualTo(FrameLimits.DEFAULT_ANIMATION_WIDTH);
    assertThat(FrameNumbers.read(gif.firstFrame())).isEqualTo(30);
    assertThat(webp.frames()).isEqualTo(10);
  }

  @Test
  void inMpegTsTheFirstFrameIsTheSameAsInMp4() throws Exception {
    // keyframes every second: 1.5 s lies within a GOP, where ffmpeg's own seek in MPEG-TS lands
    // a GOP late
    Path video = TestVideos.h264Ts();

    AnimationFiles.Animation gif =
        AnimationFiles.gif(
            preview.gif(source(video), probe(video), new Clip(1.5, 2.5, 30, 160), dir));

    assertThat(FrameNumbers.read(gif.firstFrame())).isEqualTo(45);
    assertThat(gif.frames()).isEqualTo(30);
    // 30 fps in centiseconds: the delays round, one pass stays within a centisecond a frame of 1 s
    assertThat(gif.durationMillis()).isBetween(970L, 1030L);
  }

  @Test
  void theStartBoundIsExactAtZeroAndAtTheRateOfTheVideo() throws Exception {
    Path video = TestVideos.h264Mp4();

    AnimationFiles.Animation fromZero =
        AnimationFiles.gif(preview.gif(source(video), probe(video), new Clip(0, 1, 30, 160), dir));
    AnimationFiles.Animation oneFrameIn =
        AnimationFiles.gif(
            preview.gif(source(video), probe(video), new Clip(1 / 30.0, 1, 30, 160), dir));

    assertThat(FrameNumbers.read(fromZero.firstFrame())).isZero();
    assertThat(fromZero.frames()).isEqualTo(30);
    assertThat(FrameNumbers.read(oneFrameIn.firstFrame())).isEqualTo(1);
    assertThat(oneFrameIn.frames()).isEqualTo(29);
  }

  @Test
  void aRangeThatGoesPastTheEndStopsAtTheLastFrame() throws Exception {
    Path video = TestVideos.h264Mp4();

    AnimationFiles.Animation gif =
        AnimationFiles.gif(
            preview.gif(source(video), probe(video), new Clip(3.5, 8, 10, 160), dir));

    // 0.5 s of video left at 10 fps
    assertThat(gif.frames()).isEqualTo(5);
    assertThat(FrameNumbers.read(gif.firstFrame())).isEqualTo(105);
  }

  @Test
  void aRangeThatStartsAtOrAfterTheEndIsRefused() throws Exception {
    Path video = TestVideos.h264Mp4();
    VideoInfo info = probe(video);

    for (double start : List.of(4.0, 9.5)) {
      assertThatThrownBy(
              () -> preview.webp(source(video), info, new Clip(start, start + 2, 10, 160), dir))
          .isInstanceOf(RangePastEndException.class)
          .hasMessageContaining("the video ends at 4.000 s")
          .extracting(e -> ((BadInputException) e).userReason())
          .isEqualTo(RangePastEndException.REASON);
    }
    try (var left = Files.list(dir)) {
      assertThat(left).as("nothing left in the work directory").isEmpty();
    }
  }

  @Test
  void aCorruptSourceIsRefusedAsBadInputAndLeavesNothingBehind() throws Exception {
    Path garbage = dir.resolve("garbage.mp4");
    Files.write(garbage, TestVideos.notAVideo());
    // what a probe of a good MP4 said, while the bytes are not one any more (replaced, or cut)
    VideoInfo said = probe(TestVideos.h264Mp4());
    Path work = Files.createDirectory(dir.resolve("work"));

    for (String encoding : List.of("gif", "webp")) {
      assertThatThrownBy(
              () -> {
                Clip clip = new Clip(1, 2, 10, 160);
                if (encoding.equals("gif")) {
                  preview.gif(source(garbage), said, clip, work);
                } else {
                  preview.webp(source(garbage), said, clip, work);
                }
              })
          .isInstanceOf(BadInputException.class)
          .isNotInstanceOf(RangePastEndException.class);
    }
    try (var left = Files.list(work)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aTruncatedVideoWhoseIndexSurvivesIsRefusedWhereItsDataIsGone() throws Exception {
    // the index (moov first) says 4 s, the data stops at 60 % of the file
    Path video = TestVideos.truncatedFastStartMp4();

    assertThatThrownBy(
            () -> preview.gif(source(video), probe(video), new Clip(3.5, 4, 10, 160), dir))
        .isInstanceOf(BadInputException.class);
  }

  private static MediaSource source(Path video) throws Exception {
    return MediaSource.file(video).withDemuxer(probe(video).demuxer());
  }

  private static VideoInfo probe(Path video) throws Exception {
    return new VideoProbe(FFMPEG).probe(video);
  }

  private byte[] stillAsPng(byte[] webp) throws Exception {
    Path still = Files.write(Files.createTempFile(dir, "still-", ".webp"), webp);
    Path png = dir.resolve(still.getFileName() + ".png");
    Ffmpeg.Outcome outcome =
        FFMPEG.run(
            List.of("-loglevel", "error", "-i", still.toString(), "-y", png.toString()),
            null,
            null);
    assertThat(outcome.succeeded()).as(outcome.lastError()).isTrue();
    return Files.readAllBytes(png);
  }
}
