package dev.frameflow.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.BadInputException;
import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void oneFramePerSecondOverAFourSecondVideoIsFourTicks() {
    Timeline timeline = Timeline.of(fps(1.0), 4.0);
    assertThat(timeline.count()).isEqualTo(4);
    assertThat(timeline.time(3)).isEqualTo(3.0);
  }

  @Test
  void aPartialLastStepStillGetsATick() {
    assertThat(Timeline.of(fps(1.0), 4.2).count()).isEqualTo(5);
    assertThat(Timeline.of(interval(10.0), 600.0).count()).isEqualTo(60);
    assertThat(Timeline.of(interval(10.0), 600.5).count()).isEqualTo(61);
  }

  @Test
  void startEndAndMaxFramesNarrowTheTicks() {
    Timeline timeline =
        Timeline.of(ExtractionOptions.builder().fps(2.0).start(1.0).end(3.0).build(), 4.0);
    assertThat(timeline.count()).isEqualTo(4);
    assertThat(timeline.time(0)).isEqualTo(1.0);
    assertThat(timeline.time(3)).isEqualTo(2.5);

    assertThat(Timeline.of(ExtractionOptions.builder().fps(2.0).maxFrames(3).build(), 4.0).count())
        .isEqualTo(3);
    // an end after the video's is the video's
    assertThat(Timeline.of(ExtractionOptions.builder().fps(1.0).end(99.0).build(), 4.0).count())
        .isEqualTo(4);
  }

  @Test
  void aStartAfterTheEndOfTheVideoIsBadInput() {
    assertThatThrownBy(
            () -> Timeline.of(ExtractionOptions.builder().fps(1.0).start(5.0).build(), 4.0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("start");
  }

  @Test
  void aFrameBelongsToTheTickWhoseWindowHoldsIt() {
    Timeline timeline = Timeline.of(fps(7.0), 4.0);
    // windows start half a millisecond before each requested time
    assertThat(timeline.tickOf(1 / 7.0)).isEqualTo(1);
    assertThat(timeline.tickOf(1 / 7.0 - 0.0004)).isEqualTo(1);
    assertThat(timeline.tickOf(1 / 7.0 - 0.0006)).isEqualTo(0);
    assertThat(timeline.tickOf(5 / 30.0)).isEqualTo(1);
    assertThat(timeline.windowStart(1)).isEqualTo(1 / 7.0 - 0.0005);
  }

  @Test
  void theFfmpegExpressionCountsTicksLikeJavaDoes() {
    assertThat(Timeline.of(fps(2.0), 4.0).tickExpression("t", 0.5))
        .isEqualTo("floor((t-0.5)*2.0+0.001)");
    assertThat(Timeline.of(interval(10.0), 60.0).tickExpression("t", 0))
        .isEqualTo("floor((t-0.0)/10.0+0.000050)");
  }

  private static ExtractionOptions fps(double fps) {
    return ExtractionOptions.builder().fps(fps).build();
  }

  private static ExtractionOptions interval(double seconds) {
    return ExtractionOptions.builder().intervalSeconds(seconds).build();
  }
}
