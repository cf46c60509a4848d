package dev.frameflow.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.extractor.ExtractionOptions;
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

  @Test
  void denseTicksAreDecodedOnceInParallelSegments() {
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, fps(10.0), GOP_2S);

    assertThat(plan.strategy()).isEqualTo(Strategy.DENSE);
    assertThat(plan.runs()).hasSize(4);
    assertContiguous(plan.runs(), 6000);
  }

  @Test
  void oneFramePerSecondWithAKeyframeEveryTwoSecondsIsDecodedWhole() {
    // seeking would skip half of each GOP but start 300 processes: not worth it
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, fps(1.0), GOP_2S);

    assertThat(plan.strategy()).isEqualTo(Strategy.DENSE);
    assertThat(plan.runs()).hasSize(4);
    assertContiguous(plan.runs(), 600);
  }

  @Test
  void ticksWithinOneGopShareARunAndTheRestOfTheGopIsSkipped() {
    Keyframes every3s =
        new Keyframes(IntStream.range(0, 10).mapToDouble(i -> i * 3.0).toArray(), 30);
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, interval(1.5), every3s);

    assertThat(plan.strategy()).isEqualTo(Strategy.SPARSE);
    assertThat(plan.runs())
        .hasSize(200)
        .allMatch(run -> run.ticks() == 2 && run.firstTick() % 2 == 0);
    assertContiguous(plan.runs(), 400);
  }

  @Test
  void oneFrameEveryTenSecondsSeeksToEachOne() {
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, interval(10.0), GOP_2S);

    assertThat(plan.strategy()).isEqualTo(Strategy.SPARSE);
    assertThat(plan.runs()).hasSize(60).allMatch(run -> run.ticks() == 1);
    assertContiguous(plan.runs(), 60);
  }

  @Test
  void ticksBetweenKeyframesFarApartAreDecodedThroughFromTheKeyframe() {
    Keyframes every30s = new Keyframes(new double[] {0}, 30);
    SamplingPlan plan = planner.plan(TEN_MINUTES_1080P, interval(10.0), every30s);
    assertThat(plan.runs()).hasSize(20).allMatch(run -> run.ticks() == 3);
    assertContiguous(plan.runs(), 60);
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
    return new ExtractionOptions(fps, null, null, null, null, null, null, null);
  }

  private static ExtractionOptions interval(double seconds) {
    return new ExtractionOptions(null, seconds, null, null, null, null, null, null);
  }
}
