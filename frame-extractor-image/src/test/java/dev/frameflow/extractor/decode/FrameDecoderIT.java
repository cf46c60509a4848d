package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.extractor.ExtractionOptions;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.Strategy;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.extractor.testing.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** However the timeline is cut into runs, the same frames come out, once each, in order. */
class FrameDecoderIT {

  @TempDir Path dir;

  @Test
  void segmentBordersNeitherRepeatNorMissAFrame() throws Exception {
    Path video = TestVideos.h264Mp4();
    VideoInfo info = new VideoProbe(TestVideos.ffmpeg()).probe(video);
    ExtractionOptions options =
        new ExtractionOptions(7.0, null, null, null, null, null, null, null);
    Timeline timeline = Timeline.of(options, info.durationSeconds());

    List<Integer> whole =
        decode(
            video,
            info,
            options,
            new SamplingPlan(
                timeline, Strategy.DENSE, List.of(new DecodeRun(0, 0, timeline.count()))));
    List<Integer> fiveSegments =
        decode(
            video,
            info,
            options,
            new SamplingPlan(timeline, Strategy.DENSE, splitInFive(timeline.count())));
    List<Integer> seekPerTick =
        decode(
            video,
            info,
            options,
            new SamplingPlan(
                timeline,
                Strategy.SPARSE,
                IntStream.range(0, timeline.count())
                    .mapToObj(k -> new DecodeRun(k, k, k + 1))
                    .toList()));

    assertThat(whole).hasSize(28).doesNotHaveDuplicates().isSorted();
    assertThat(fiveSegments).isEqualTo(whole);
    assertThat(seekPerTick).isEqualTo(whole);
  }

  private static List<DecodeRun> splitInFive(int count) {
    List<DecodeRun> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(new DecodeRun(i, count * i / 5, count * (i + 1) / 5));
    }
    return runs;
  }

  private List<Integer> decode(
      Path video, VideoInfo info, ExtractionOptions options, SamplingPlan plan) throws Exception {
    Path frames = Files.createTempDirectory(dir, "frames");
    List<Integer> numbers = new ArrayList<>();
    List<Integer> ticks = new ArrayList<>();
    new FrameDecoder(TestVideos.ffmpeg(), 2)
        .decode(
            video,
            info,
            plan,
            options,
            frames,
            decoded -> {
              for (DecodedFrame frame : decoded) {
                numbers.add(FrameNumbers.read(Files.readAllBytes(frame.file())));
                ticks.add(frame.tick());
              }
            },
            new TimelineProgress(plan.timeline().count(), ProgressListener.NONE));
    assertThat(ticks).isEqualTo(IntStream.range(0, plan.timeline().count()).boxed().toList());
    assertThat(frames).isEmptyDirectory();
    return numbers;
  }
}
