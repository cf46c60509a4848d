package dev.frameflow.contracts.slicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlicePlanTest {

  @Test
  void oneSlicePerTenMinutesOfSourceCappedByTheParallelism() {
    assertThat(SlicePlan.slicesFor(599, 600, 8)).isEqualTo(1);
    assertThat(SlicePlan.slicesFor(600, 600, 8)).isEqualTo(1);
    assertThat(SlicePlan.slicesFor(601, 600, 8)).isEqualTo(2);
    assertThat(SlicePlan.slicesFor(4 * 3600, 600, 8)).isEqualTo(8);
    assertThat(SlicePlan.slicesFor(4 * 3600, 600, 100)).isEqualTo(24);
    assertThat(SlicePlan.slicesFor(4 * 3600, 600, 1)).isEqualTo(1);
  }

  @Test
  void anUnknownDurationIsOneSlice() {
    assertThat(SlicePlan.slicesFor(Double.NaN, 600, 8)).isEqualTo(1);
    assertThat(SlicePlan.slicesFor(0, 600, 8)).isEqualTo(1);
  }

  @Test
  void theSlicesCoverEveryTickOnceInOrderAndNumberFramesOnFromTheFirst() {
    for (int count : new int[] {1, 2, 7, 600, 14_401}) {
      for (int slices = 1; slices <= 9; slices++) {
        int next = 0;
        for (int i = 0; i < slices; i++) {
          assertThat(SlicePlan.firstTick(count, i, slices)).isEqualTo(next);
          assertThat(SlicePlan.firstFrame(count, i, slices)).isEqualTo(next + 1);
          int end = SlicePlan.endTick(count, i, slices);
          assertThat(end).isGreaterThanOrEqualTo(next);
          // sizes differ by at most one tick
          assertThat(end - next).isBetween(count / slices, count / slices + 1);
          next = end;
        }
        assertThat(next).isEqualTo(count);
      }
    }
  }

  @Test
  void aSliceOutsideThePlanIsRefused() {
    assertThatThrownBy(() -> SlicePlan.firstTick(10, 3, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlicePlan.endTick(10, -1, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMiddleIndexMakesThePreview() {
    assertThat(SlicePlan.previewSlice(1)).isZero();
    assertThat(SlicePlan.previewSlice(2)).isZero();
    assertThat(SlicePlan.previewSlice(3)).isEqualTo(1);
    assertThat(SlicePlan.previewSlice(8)).isEqualTo(3);
    assertThat(SlicePlan.previewSlice(SlicePlan.MAX_SLICES)).isEqualTo(31);
    assertThatThrownBy(() -> SlicePlan.previewSlice(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
