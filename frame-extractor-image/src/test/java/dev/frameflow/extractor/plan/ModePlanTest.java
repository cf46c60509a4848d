package dev.frameflow.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plans of the modes that pick their own times: timestamps, thinning, segments, count. */
class ModePlanTest {

  @Test
  void timestampsInSecondsAndPercentComeSortedAndOnce() {
    assertThat(TimestampList.resolve(List.of("30", "50%", "0", "12.5", "25%"), 60))
        .containsExactly(0, 12.5, 15, 30);
    assertThat(TimestampList.resolve(List.of("100%"), 60)).containsExactly(60);
    assertThatThrownBy(() -> TimestampList.resolve(List.of("61"), 60))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("timestamp 61 s is past the end of the video (60 s)");
  }

  @Test
  void thinningKeepsTheFirstThenEachFarEnoughUpToTheMost() {
    double[] times = {0, 2, 4, 6, 8, 10};
    assertThat(Thinning.keep(times, null, null)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Thinning.keep(times, 3.0, null)).containsExactly(0, 2, 4);
    assertThat(Thinning.keep(times, 4.0, 2)).containsExactly(0, 2);
  }

  @Test
  void spansAreCutIntoEqualSegmentsNoneTooShort() {
    assertThat(new Span(0, 600).segments(2, 10))
        .containsExactly(new Span(0, 300), new Span(300, 600));
    assertThat(new Span(5, 12).segments(2, 10)).containsExactly(new Span(5, 12));
  }

  @Test
  void countIsAnEvenTimelineFromTheStart() {
    ExtractionOptions eight = ExtractionOptions.builder().start(10.0).end(90.0).count(8).build();
    Timeline timeline = Timeline.of(eight, 600);
    assertThat(timeline.count()).isEqualTo(8);
    assertThat(timeline.time(0)).isEqualTo(10.0);
    assertThat(timeline.time(7)).isEqualTo(80.0);
  }
}
