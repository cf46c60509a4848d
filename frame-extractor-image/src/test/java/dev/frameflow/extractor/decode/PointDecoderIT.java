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

  @Test
  void withBFramesTheFrameJustBeforeAKeyframeIsStillTheOneOnScreen() throws Exception {
    // a keyframe every second, decoded before it is shown: a seek to its decoding time would
    // start decoding after the frames just before it
    // (frames 28 and 29, the GOP's last, are on screen from 0.9 s and 0.93 s; 30 is the keyframe)
    double[] times = {
      0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 1.0, 1.01, 1.9, 1.94, 1.96, 2.0, 2.49, 2.94, 2.96, 3.0
    };

    List<Integer> picked = numbers(TestVideos.h264BframesMp4(), times);

    List<Integer> onScreen = new ArrayList<>();
    for (double t : times) {
      onScreen.add((int) Math.ceil(30 * t - 1e-6));
    }
    assertThat(picked).isEqualTo(onScreen);
  }

  @Test
  void aFrameDecodedOnOneThreadIsTheSamePictureAsOneDecodedWithFrameThreads() throws Exception {
    // the frame-server decodes on one thread when its cores are busy, else with ffmpeg's frame
    // threads: the answer for a time must not depend on which (times deep in GOPs of B-frames)
    Path video = TestVideos.h264BframesMp4();
    for (double time : new double[] {0.47, 0.97, 1.63, 2.94}) {
      byte[] framesThreads =
          Files.readAllBytes(picked(video, new double[] {time}, 2).get(0).file());
      byte[] oneThread = Files.readAllBytes(picked(video, new double[] {time}, 1).get(0).file());

      assertThat(oneThread).as("the frame at %s s", time).isEqualTo(framesThreads);
    }
  }

  private List<Integer> numbers(Path video, double[] times) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    for (PickedFrame frame : picked(video, times, 2)) {
      numbers.add(FrameNumbers.read(Files.readAllBytes(frame.file())));
    }
    return numbers;
  }

  /** Each time's frame as a JPEG; {@code workers} 1 decodes on one thread, 2 with frame threads. */
  private List<PickedFrame> picked(Path video, double[] times, int workers) throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.at(TestVideos.ffmpegBinary());
    VideoInfo info = new VideoProbe(ffmpeg).probe(video);
    ExtractionOptions options = ExtractionOptions.builder().fps(1.0).build();
    return new PointDecoder(ffmpeg, workers)
        .decode(
            MediaSource.file(video).withDemuxer(info.demuxer()),
            info,
            times,
            options,
            Files.createTempDirectory(dir, "points"),
            new TimelineProgress(times.length, ProgressListener.NONE));
  }
}
