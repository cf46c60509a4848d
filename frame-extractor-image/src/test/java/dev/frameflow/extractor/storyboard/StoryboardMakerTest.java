package dev.frameflow.extractor.storyboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoryboardMakerTest {

  @Test
  void theTilesAreSharedOutOneContiguousBatchPerWorker() {
    assertThat(StoryboardMaker.batches(60, 2))
        .containsExactly(new int[] {0, 30}, new int[] {30, 60});
    assertThat(StoryboardMaker.batches(5, 2)).containsExactly(new int[] {0, 2}, new int[] {2, 5});
  }

  @Test
  void neverMoreBatchesThanTilesNorALongerBatchThanTheCap() {
    assertThat(StoryboardMaker.batches(1, 4)).containsExactly(new int[] {0, 1});
    List<int[]> long3h = StoryboardMaker.batches(1080, 2);
    assertThat(long3h).hasSize(6);
    assertThat(long3h.get(0)[0]).isZero();
    assertThat(long3h.get(long3h.size() - 1)[1]).isEqualTo(1080);
    for (int i = 0; i < long3h.size(); i++) {
      assertThat(long3h.get(i)[1] - long3h.get(i)[0])
          .isLessThanOrEqualTo(StoryboardMaker.MAX_TILES_PER_RUN);
      if (i > 0) {
        assertThat(long3h.get(i)[0]).isEqualTo(long3h.get(i - 1)[1]);
      }
    }
  }
}
