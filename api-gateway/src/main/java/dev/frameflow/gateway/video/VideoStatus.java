package dev.frameflow.gateway.video;

/** Where a video is in its life. Finished states never change again. */
public enum VideoStatus {
  QUEUED(0),
  PROCESSING(1),
  SUCCEEDED(2),
  FAILED(2),
  CANCELLED(3);

  private final int rank;

  VideoStatus(int rank) {
    this.rank = rank;
  }

  public boolean isFinished() {
    return rank >= 2;
  }

  /** Whether an event reporting {@code next} may move a video that is in this state. */
  public boolean mayMoveTo(VideoStatus next) {
    return !isFinished() && next.rank > rank;
  }
}
