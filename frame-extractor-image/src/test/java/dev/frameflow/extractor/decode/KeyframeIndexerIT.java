package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Keyframes;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.testing.TestVideos;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe and the keyframe index in one ffmpeg run learn what the two runs learn apart. */
class KeyframeIndexerIT {

  private final Ffmpeg ffmpeg = Ffmpeg.at(TestVideos.ffmpegBinary());

  @Test
  void probeAndIndexInOneRunAgreeWithTheTwoRuns() throws Exception {
    for (Path video :
        List.of(
            TestVideos.h264Mp4(),
            TestVideos.h264Ts(),
            TestVideos.vp9Webm(),
            TestVideos.rotatedMov(),
            TestVideos.variableFrameRateMkv())) {
      MediaSource source = MediaSource.file(video);
      VideoInfo apart = new VideoProbe(ffmpeg).probe(source);
      Keyframes indexed =
          new KeyframeIndexer(ffmpeg)
              .index(source.withDemuxer(apart.demuxer()), apart.durationSeconds());

      KeyframeIndexer.Probed both = new KeyframeIndexer(ffmpeg).probeAndIndex(source);

      assertThat(both.video()).as(video.toString()).isEqualTo(apart);
      assertThat(indexed.times()).as(video.toString()).isNotEmpty();
      assertThat(both.keyframes().times()).as(video.toString()).containsExactly(indexed.times());
      assertThat(both.keyframes().indexedSeconds()).isEqualTo(indexed.indexedSeconds());
      assertThat(both.keyframes().timeBaseNum()).isEqualTo(indexed.timeBaseNum());
      assertThat(both.keyframes().timeBaseDen()).isEqualTo(indexed.timeBaseDen());
    }
  }

  @Test
  void whatTheProbeRefusesItRefusesWithTheSameReasonWhenItAlsoIndexes() {
    for (Path notAVideo :
        List.of(
            TestVideos.audioOnlyMp4(),
            TestVideos.pngNamedMp4(),
            TestVideos.truncatedMp4(),
            TestVideos.emptyMp4())) {
      Throwable apart =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> new VideoProbe(ffmpeg).probe(MediaSource.file(notAVideo)));
      assertThat(apart).as(notAVideo.toString()).isInstanceOf(BadInputException.class);
      assertThatThrownBy(
              () -> new KeyframeIndexer(ffmpeg).probeAndIndex(MediaSource.file(notAVideo)))
          .as(notAVideo.toString())
          .isInstanceOf(BadInputException.class)
          .hasMessage(apart.getMessage());
    }
  }
}
