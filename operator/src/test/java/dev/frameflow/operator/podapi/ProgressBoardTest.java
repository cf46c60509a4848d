package dev.frameflow.operator.podapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {

  private final ProgressBoard board = new ProgressBoard();
  private final Instant now = Instant.parse("2026-11-29T08:00:00Z");

  @Test
  void moreFramesAtTheSamePercentMoveForwardAndNothingMovesBack() {
    assertThat(board.record("uid", 40, null, now)).isTrue();
    assertThat(board.record("uid", 40, 12, now)).as("frames now known").isTrue();
    assertThat(board.record("uid", 40, 20, now)).as("more frames, same percent").isTrue();
    assertThat(board.record("uid", 40, 15, now)).as("fewer frames").isFalse();
    assertThat(board.record("uid", 30, 90, now)).as("a lower percent").isFalse();
    assertThat(board.latest("uid"))
        .get()
        .extracting(ProgressBoard.Reported::framesWritten)
        .isEqualTo(20);
    assertThat(board.record("uid", 50, 25, now)).isTrue();
    assertThat(board.latest("uid").get().percent()).isEqualTo(50);
  }
}
