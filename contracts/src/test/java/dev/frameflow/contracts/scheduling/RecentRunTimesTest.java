package dev.frameflow.contracts.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentRunTimesTest {

  static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

  @Test
  void noEstimateBeforeAnythingHasRun() {
    assertThat(new RecentRunTimes(10).estimatedStart(new QueuePosition(1, 1, 1, 0), 4, NOW))
        .isEmpty();
  }

  @Test
  void thePodsAheadTurnOverAtTheCapEveryMeanRunTime() {
    RecentRunTimes runs = new RecentRunTimes(10);
    runs.record(Duration.ofMinutes(1));
    runs.record(Duration.ofMinutes(3));

    // mean 2 min; 7 pods ahead and its own, 4 at a time: two turnovers
    assertThat(runs.estimatedStart(new QueuePosition(8, 3, 40, 7), 4, NOW))
        .contains(NOW.plus(Duration.ofMinutes(4)));
  }

  @Test
  void onlyTheLatestRunsCount() {
    RecentRunTimes runs = new RecentRunTimes(2);
    runs.record(Duration.ofHours(5));
    runs.record(Duration.ofMinutes(1));
    runs.record(Duration.ofMinutes(1));

    assertThat(runs.mean()).contains(Duration.ofMinutes(1));
  }
}
