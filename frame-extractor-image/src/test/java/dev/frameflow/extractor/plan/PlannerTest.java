package dev.frameflow.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.probe.VideoInfo;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final VideoInfo TEN_MINUTES_1080P =
      new VideoInfo("mov,mp4", "h264", 1920, 1080, 30, 0, 600, 0);

  /** A keyframe every 2 s over the 30 s the indexer looks at. */
  private static final Keyframes GOP_2S =
      new Keyframes(IntStream.range(0, 15).mapToDouble(i -> i * 2.0).toArray(), 30);

  private final Planner planner = new Planner(2);

  /** {@link #GOP_2S} as the indexer reports it, with the stream's time base. */
  private static final Keyframes GOP_2S_TIMED =
      new Keyframes(IntStream.range(0, 15).mapToDouble(i -> i * 2.0).toArray(), 30, 1, 15360);

  @Test
  void aLocalFileIsSkimmedInContiguousRunsWheneverTheTicksAreSparse() {
    Planner local = new Planner(2, true, true);
    for (double interval : List.of(1.0, 10.0)) {
      SamplingPlan plan = local.plan(TEN_MINUTES_1080P, interval(interval), GOP_2S_TIMED);

      assertThat(plan.strategy()).isEqualTo(Strategy.SKIM);
      assertThat(plan.skim()).isEqualTo(new SkimParameters(2.0, 1, 15360));
      // one run (a copying and a decoding ffmpeg) per worker: more would only add process starts
      assertThat(plan.runs()).hasSize(2).noneMatch(DecodeRun::windowed);
      assertContiguous(plan.runs(), (int) (600 / interval));
    }
    // dense stays dense; without the time base, or with skimming off, seek windows
    assertThat(local.plan(TEN_MINUTES_1080P, fps(10.0), GOP_2S_TIMED).strategy())
        .isEqualTo(Strategy.DENSE);
    assertThat(local.plan(TEN_MINUTES_1080P, fps(1.0), GOP_2S).strategy())
        .isEqualTo(Strategy.SPARSE);
    assertThat(
            new Planner(2, true, false).plan(TEN_MINUTES_1080P, fps(1.0), GOP_2S_TIMED).strategy())
        .isEqualTo(Strategy.SPARSE);
  }

  @Test
  void aFewWindowsFarApartInALocalFileAreOpenedEachRatherThanReadThrough() {
    Planner local = new Planner(2, true, true);

    // --count 8 on 10 minutes: 8 openings of the file cost less than reading 525 s of it
    SamplingPlan eight =
        local.plan(TEN_MINUTES_1080P, ExtractionOptions.builder().count(8).build(), GOP_2S_TIMED);
    assertThat(eight.strategy()).isEqualTo(Strategy.SPARSE);
    // one ffmpeg per worker, each reading its four windows as inputs: no process start beyond
    // the cores', and each run gets two windows on a keyframe and two between keyframes
    assertThat(eight.runs())
        .hasSize(2)
        .allMatch(DecodeRun::windowed)
        .allMatch(run -> run.seekTicks().size() == 4);
    // a URL keeps two runs per worker (they wait for the network)
    assertThat(
            new Planner(2, false, true)
                .plan(TEN_MINUTES_1080P, ExtractionOptions.builder().count(8).build(), GOP_2S_TIMED)
                .runs())
        .hasSize(4);
    // more windows than one process per worker holds: two runs per worker again
    assertThat(
            local
                .plan(
                    TEN_MINUTES_1080P, ExtractionOptions.builder().count(12).build(), GOP_2S_TIMED)
                .runs())
        .hasSize(4);
    // 60 windows: reading through
    assertThat(local.plan(TEN_MINUTES_1080P, interval(10.0), GOP_2S_TIMED).strategy())
        .isEqualTo(Strategy.SKIM);
  }

  @Test
  void aUrlIsSkimmedOnlyWhenEachGopHoldsTwoTicksOrMore() {
    Planner remote = new Planner(2, false, true);

    SamplingPlan skimmed = remote.plan(TEN_MINUTES_1080P, fps(1.0), GOP_2S_TIMED);
    assertThat(skimmed.strategy()).isEqualTo(Strategy.SKIM);
    // two runs per worker: a URL's runs wait for the network
    assertThat(skimmed.runs()).hasSize(4);
    assertContiguous(skimmed.runs(), 600);
    assertThat(remote.plan(TEN_MINUTES_1080P, interval(1.5), GOP_2S_TIMED).strategy())
        .isEqualTo(Strategy.SPARSE);
    assertThat(remote.plan(TEN_MINUTES_1080P, interval(10.0), GOP_2S_TIMED).strategy())
        .isEqualTo(Strategy.SPARSE);
  }

  @Test
  void denseTicksAreDecodedOnceInParallelSegments() {
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, fps(10.0), GOP_2S);

    assertThat(plan.strategy()).isEqualTo(Strategy.DENSE);
    assertThat(plan.runs()).hasSize(4);
    assertContiguous(plan.runs(), 6000);
  }

  @Test
  void oneFramePerSecondWithAKeyframeEveryTwoSecondsSkipsTheSecondHalfOfEachGop() {
    // a window per GOP: from its keyframe (an even second) to the odd second after it
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, fps(1.0), GOP_2S);

    assertThat(plan.strategy()).isEqualTo(Strategy.SPARSE);
    assertThat(windows(plan)).hasSize(300).allMatch(w -> w[0] % 2 == 0 && w[1] - w[0] == 2);
    assertThat(plan.runs()).hasSize(4).allMatch(run -> run.seekTicks().size() == 75);
    assertContiguous(plan.runs(), 600);
  }

  @Test
  void ticksWithinOneGopShareAWindowAndTheRestOfTheGopIsSkipped() {
    Keyframes every3s =
        new Keyframes(IntStream.range(0, 10).mapToDouble(i -> i * 3.0).toArray(), 30);
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, interval(1.5), every3s);

    assertThat(plan.strategy()).isEqualTo(Strategy.SPARSE);
    assertThat(windows(plan)).hasSize(200).allMatch(w -> w[0] % 2 == 0 && w[1] - w[0] == 2);
    assertContiguous(plan.runs(), 400);
  }

  @Test
  void oneFrameEveryTenSecondsSeeksToEachOneFromAFewProcesses() {
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, interval(10.0), GOP_2S);

    assertThat(plan.strategy()).isEqualTo(Strategy.SPARSE);
    assertThat(windows(plan)).hasSize(60).allMatch(w -> w[1] - w[0] == 1);
    assertThat(plan.runs()).hasSize(4).allMatch(DecodeRun::windowed);
    assertContiguous(plan.runs(), 60);
  }

  @Test
  void ticksBetweenKeyframesFarApartAreDecodedThroughFromTheKeyframe() {
    Keyframes every30s = new Keyframes(new double[] {0}, 30);
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, interval(10.0), every30s);
    assertThat(windows(plan)).hasSize(20).allMatch(w -> w[1] - w[0] == 3);
    assertContiguous(plan.runs(), 60);
  }

  @Test
  void windowsAreSharedOutInOrderByCostAndNoRunIsEmpty() {
    List<int[]> windows = IntStream.range(0, 6).mapToObj(i -> new int[] {i, i + 1}).toList();

    List<DecodeRun> runs = Planner.shareOut(windows, new double[] {4, 1, 1, 1, 1, 4}, 3);
    assertThat(runs)
        .extracting(DecodeRun::seekTicks)
        .containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5));

    List<DecodeRun> even = Planner.shareOut(windows, new double[] {1, 1, 1, 1, 1, 1}, 4);
    assertThat(even).hasSize(4).allMatch(run -> run.ticks() > 0);
    assertContiguous(even, 6);
  }

  @Test
  void keyframesPastTheIndexedStartAreAssumedToKeepTheirSpacing() {
    assertThat(GOP_2S.before(3.0)).isEqualTo(2.0);
    assertThat(GOP_2S.before(4.0)).isEqualTo(4.0);
    assertThat(GOP_2S.before(101.0)).isEqualTo(100.0);
    assertThat(new Keyframes(new double[0], 30).before(12)).isZero();
  }

  @Test
  void aShortVideoIsNotCutIntoSegmentsShorterThanTwoSeconds() {
    VideoInfo threeSeconds = new VideoInfo("matroska", "vp9", 320, 240, 25, 0, 3, 0);
    SamplingPlan plan = planner.plan(threeSeconds, fps(10.0), new Keyframes(new double[] {0}, 3));
    assertThat(plan.strategy()).isEqualTo(Strategy.DENSE);
    assertThat(plan.runs()).hasSize(1);
    assertContiguous(plan.runs(), 30);
  }

  @Test
  void splitCoversEveryTickExactlyOnce() {
    for (int count : new int[] {1, 7, 600, 601}) {
      for (int parts = 1; parts <= Math.min(count, 5); parts++) {
        assertContiguous(Planner.split(count, parts), count);
      }
    }
  }

  /** Every seek window of the plan, in order, as {@code [first, end)} ticks. */
  private static List<int[]> windows(SamplingPlan plan) {
    return plan.runs().stream().flatMap(run -> run.windows().stream()).toList();
  }

  private static void assertContiguous(List<DecodeRun> runs, int ticks) {
    assertThat(runs.get(0).firstTick()).isZero();
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).firstTick()).isEqualTo(runs.get(i - 1).endTick());
      assertThat(runs.get(i).index()).isEqualTo(i);
    }
    assertThat(runs.get(runs.size() - 1).endTick()).isEqualTo(ticks);
    assertThat(runs).allMatch(run -> run.ticks() > 0);
  }

  private static ExtractionOptions fps(double fps) {
    return ExtractionOptions.builder().fps(fps).build();
  }

  private static ExtractionOptions interval(double seconds) {
    return ExtractionOptions.builder().intervalSeconds(seconds).build();
  }
}
