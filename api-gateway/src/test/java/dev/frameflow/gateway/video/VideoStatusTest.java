package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VideoStatusTest {

  @Test
  void aVideoOnlyMovesForward() {
    assertThat(VideoStatus.QUEUED.mayMoveTo(VideoStatus.PROCESSING)).isTrue();
    assertThat(VideoStatus.QUEUED.mayMoveTo(VideoStatus.SUCCEEDED)).isTrue();
    assertThat(VideoStatus.PROCESSING.mayMoveTo(VideoStatus.FAILED)).isTrue();
    assertThat(VideoStatus.PROCESSING.mayMoveTo(VideoStatus.QUEUED)).isFalse();
    assertThat(VideoStatus.PROCESSING.mayMoveTo(VideoStatus.PROCESSING)).isFalse();
  }

  @Test
  void finishedVideosNeverMoveAgain() {
    for (VideoStatus finished :
        new VideoStatus[] {VideoStatus.SUCCEEDED, VideoStatus.FAILED, VideoStatus.CANCELLED}) {
      assertThat(finished.isFinished()).isTrue();
      for (VideoStatus next : VideoStatus.values()) {
        assertThat(finished.mayMoveTo(next)).as(finished + " -> " + next).isFalse();
      }
    }
  }
}
