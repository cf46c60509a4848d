package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.extractor.ExtractionOptions;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private final VideoInfo video = new VideoInfo("mov,mp4", "h264", 1920, 1080, 30, 0, 600, 0);
  private final ExtractionOptions options = ExtractionOptions.defaults();
  private final Timeline timeline = Timeline.of(options, 600);
  private final DecodeRun secondHalf = new DecodeRun(1, 300, 600);

  @Test
  void aRunThatSharesTheCoresWithOthersDecodesFiltersAndEncodesOnOneThread() {
    List<String> args =
        RunCommand.arguments(
            Path.of("in.mp4"), video, timeline, options, secondHalf, 1, Path.of("out"));

    int input = args.indexOf("-i");
    assertThat(args.subList(0, input)).containsSequence("-threads", "1");
    assertThat(args.subList(input, args.size()))
        .containsSequence("-filter_threads", "1")
        .containsSequence("-threads", "1");
  }

  @Test
  void aRunAloneLeavesTheThreadCountToFfmpeg() {
    List<String> args =
        RunCommand.arguments(
            Path.of("in.mp4"), video, timeline, options, secondHalf, 0, Path.of("out"));

    assertThat(args).doesNotContain("-threads", "-filter_threads");
  }

  @Test
  void processesArePinnedToOneThreadOnlyWhenThereAreEnoughOfThemToFillTheWorkers() {
    assertThat(FrameDecoder.threadsPerRun(4, 2)).isEqualTo(1);
    assertThat(FrameDecoder.threadsPerRun(2, 2)).isEqualTo(1);
    assertThat(FrameDecoder.threadsPerRun(1, 2)).isZero();
  }

  @Test
  void aRunSeeksToItsFirstTimestampAndStopsAtTheNextRunsFirst() {
    List<String> args =
        RunCommand.arguments(
            Path.of("in.mp4"), video, timeline, options, new DecodeRun(0, 10, 20), 1, Path.of("o"));

    assertThat(args).containsSequence("-ss", "10.0");
    assertThat(args.get(args.indexOf("-vf") + 1)).startsWith("trim=end=20.0,");
  }
}
