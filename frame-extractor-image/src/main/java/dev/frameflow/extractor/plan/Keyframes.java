package dev.frameflow.extractor.plan;

import java.util.Arrays;

/**
 * Keyframe timestamps (seconds from the start of the video) seen in the first {@code
 * indexedSeconds} of the video. Past that, keyframes are assumed to keep the mean spacing seen.
 * {@code timeBaseNum/timeBaseDen} is the video stream's time base as the index saw it (0/0 when
 * unknown): a {@link Strategy#SKIM} plan needs it to name its packets' clock exactly.
 */
public record Keyframes(double[] times, double indexedSeconds, long timeBaseNum, long timeBaseDen) {

  public Keyframes {
    times = times.clone();
    Arrays.sort(times);
  }

  /** Without the stream's time base (no {@link Strategy#SKIM} plan then). */
  public Keyframes(double[] times, double indexedSeconds) {
    this(times, indexedSeconds, 0, 0);
  }

  /** Whether the time base is known. */
  public boolean hasTimeBase() {
    return timeBaseNum > 0 && timeBaseDen > 0;
  }

  /** Mean keyframe spacing seen, or the indexed span when fewer than two keyframes were seen. */
  public double meanInterval() {
    if (times.length < 2) {
      return Math.max(indexedSeconds, 1);
    }
    return (times[times.length - 1] - times[0]) / (times.length - 1);
  }

  /** Longest spacing between two keyframes seen, or the mean when fewer than two were seen. */
  public double maxInterval() {
    double longest = 0;
    for (int i = 1; i < times.length; i++) {
      longest = Math.max(longest, times[i] - times[i - 1]);
    }
    return times.length < 2 ? meanInterval() : longest;
  }

  /** The (estimated) last keyframe at or before {@code seconds}. */
  public double before(double seconds) {
    if (times.length == 0 || seconds <= times[0]) {
      return 0;
    }
    int found = Arrays.binarySearch(times, seconds);
    int index = found >= 0 ? found : -found - 2;
    if (index < times.length - 1) {
      return times[index];
    }
    double last = times[times.length - 1];
    double interval = meanInterval();
    return last + Math.floor((seconds - last) / interval) * interval;
  }
}
