package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.operator.reconciler.ProgressRecording.Later;
import dev.frameflow.operator.reconciler.ProgressRecording.Nothing;
import dev.frameflow.operator.reconciler.ProgressRecording.Record;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Steps of 10 points or every 5 s, whichever is rarer; never backwards. */
class ProgressRecordingTest {

  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void theFirstReportIsRecordedAtOnce() {
    assertThat(ProgressRecording.decide(null, null, 3, T0)).isEqualTo(new Record(3));
  }

  @Test
  void lessThanTenPointsIsNotRecordedHoweverLongAgo() {
    assertThat(ProgressRecording.decide(20, T0.toString(), 29, T0.plusSeconds(600)))
        .isInstanceOf(Nothing.class);
  }

  @Test
  void tenPointsWithinFiveSecondsWaitsForTheRestOfTheFiveSeconds() {
    assertThat(ProgressRecording.decide(20, T0.toString(), 60, T0.plusSeconds(2)))
        .isEqualTo(new Later(Duration.ofSeconds(3)));
    assertThat(ProgressRecording.decide(20, T0.toString(), 60, T0.plusSeconds(5)))
        .isEqualTo(new Record(60));
  }

  @Test
  void neverBackwardsNorTheSameAgain() {
    assertThat(ProgressRecording.decide(50, T0.toString(), 40, T0.plusSeconds(60)))
        .isInstanceOf(Nothing.class);
    assertThat(ProgressRecording.decide(50, T0.toString(), 50, T0.plusSeconds(60)))
        .isInstanceOf(Nothing.class);
    assertThat(ProgressRecording.decide(50, T0.toString(), null, T0.plusSeconds(60)))
        .isInstanceOf(Nothing.class);
  }

  @Test
  void aRunOfReportsEveryHalfSecondYieldsAtMostOneRecordPerFiveSecondsAndTenPoints() {
    Integer recorded = null;
    String at = null;
    int records = 0;
    for (int i = 0; i <= 200; i++) {
      Instant now = T0.plusMillis(500L * i);
      int reported = Math.min(100, i);
      if (ProgressRecording.decide(recorded, at, reported, now) instanceof Record r) {
        if (recorded != null) {
          assertThat(r.percent() - recorded).isGreaterThanOrEqualTo(10);
          assertThat(Duration.between(Instant.parse(at), now))
              .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
        recorded = r.percent();
        at = now.toString();
        records++;
      }
    }
    assertThat(records).isBetween(2, 11);
    assertThat(recorded).isEqualTo(100);
  }
}
