package dev.frameflow.extractor.plan;

import java.util.Arrays;

/**
 * Keyframe timestamps (seconds from the start of the video) seen in the first {@code
 * indexedSeconds} of the video. Past that, keyframes are assumed to keep the mean spacing seen.
 */
public record Keyframes(double[] times, double indexedSeconds) {

  public Keyframes {
    times = times.clone();
    Arrays.sort(times);
  }

  /** Mean keyframe spacing seen, or the indexed span when fewer than two keyframes were seen. */
  public double meanInterval() {
    if (times.length < 2) {
      return Math.max(indexedSeconds, 1);
    }
    return (times[times.length - 1] - times[0]) / (times.length - 1);
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
