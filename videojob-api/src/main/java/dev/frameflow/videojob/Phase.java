package dev.frameflow.videojob;

/** Where a VideoJob is in its life; Succeeded and Failed are final. */
public enum Phase {
  Queued,
  Pending,
  Running,
  Succeeded,
  Failed;

  public boolean isFinal() {
    return this == Succeeded || this == Failed;
  }
}
