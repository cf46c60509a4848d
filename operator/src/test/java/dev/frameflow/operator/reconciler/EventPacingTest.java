package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventPacingTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final EventPacing pacing = new EventPacing(10, 3, now::get);

  @Test
  void aBurstIsWrittenAtOnceThenEventsWaitForTheRate() {
    assertThat(pacing.tryTake()).isZero();
    assertThat(pacing.tryTake()).isZero();
    assertThat(pacing.tryTake()).isZero();

    // 10 per second: the fourth waits 100 ms
    assertThat(pacing.tryTake()).isEqualTo(100_000_000L);
    now.addAndGet(100_000_000L);
    assertThat(pacing.tryTake()).isZero();
    assertThat(pacing.tryTake()).isPositive();
  }

  @Test
  void aQuietPeriodRefillsTheBurstButNoMore() {
    for (int i = 0; i < 3; i++) {
      pacing.tryTake();
    }
    now.addAndGet(60_000_000_000L);

    assertThat(pacing.tryTake()).isZero();
    assertThat(pacing.tryTake()).isZero();
    assertThat(pacing.tryTake()).isZero();
    assertThat(pacing.tryTake()).isPositive();
  }

  @Test
  void aRateOrBurstThatWouldNeverWriteIsRefused() {
    assertThatThrownBy(() -> new EventPacing(0, 3, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventPacing(10, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
