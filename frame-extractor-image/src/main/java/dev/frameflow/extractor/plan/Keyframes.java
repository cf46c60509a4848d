package dev.frameflow.extractor.plan;

import java.util.Arrays;

/**
 * Keyframe timestamps (seconds from the start of the video) of the first part of the video, from
 * which the planner estimates what a seek costs. Sorted, possibly empty.
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
}
