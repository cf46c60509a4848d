package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.ProgressListener;

/**
 * Counts the ticks done across parallel runs and reports each new whole percent once, in increasing
 * order. Decoding covers 0–99 %; 100 % is left for when the ZIP is stored.
 */
public final class TimelineProgress {

  private final long totalTicks;
  private final ProgressListener listener;
  private long done;
  private int reported = -1;

  public TimelineProgress(long totalTicks, ProgressListener listener) {
    this.totalTicks = Math.max(1, totalTicks);
    this.listener = listener;
  }

  public synchronized void advance(long ticks) {
    if (ticks <= 0) {
      return;
    }
    done = Math.min(totalTicks, done + ticks);
    report((int) (done * 99 / totalTicks));
  }

  public synchronized void finish() {
    report(100);
  }

  private void report(int percent) {
    if (percent > reported) {
      reported = percent;
      listener.onProgress(percent);
    }
  }
}
