package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.testing.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame on screen at a time is the same in a container with an index and in one without. */
class PointDecoderIT {

  @TempDir Path dir;

  @Test
  void theFramesAtGivenTimesInMpegTsAreThoseOfTheSameVideoInMp4() throws Exception {
    // keyframes every second; times within GOPs, where ffmpeg's own seek in MPEG-TS lands a GOP
    // late
    double[] times = {0.5, 1.2, 1.5, 2.2, 2.9, 3.5};

    List<Integer> mp4 = numbers(TestVideos.h264Mp4(), times);
    List<Integer> ts = numbers(TestVideos.h264Ts(), times);

    // 30 frames/s, numbered from 0: the frame on screen at t is number ceil(30 t)
    List<Integer> onScreen = new ArrayList<>();
    for (double t : times) {
      onScreen.add((int) Math.ceil(30 * t - 1e-6));
    }
    assertThat(mp4).isEqualTo(onScreen);
    assertThat(ts).isEqualTo(mp4);
  }

  private List<Integer> numbers(Path video, double[] times) throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.at(TestVideos.ffmpegBinary());
    VideoInfo info = new VideoProbe(ffmpeg).probe(video);
    ExtractionOptions options = ExtractionOptions.builder().fps(1.0).build();
    List<PickedFrame> picked =
        new PointDecoder(ffmpeg, 2)
            .decode(
                MediaSource.file(video).withDemuxer(info.demuxer()),
                info,
                times,
                options,
                Files.createTempDirectory(dir, "points"),
                new TimelineProgress(times.length, ProgressListener.NONE));
    List<Integer> numbers = new ArrayList<>();
    for (PickedFrame frame : picked) {
      numbers.add(FrameNumbers.read(Files.readAllBytes(frame.file())));
    }
    return numbers;
  }
}
