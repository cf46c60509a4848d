package dev.frameflow.extractor.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps, of times in increasing order, the first and then each one at least {@code minInterval}
 * after the last kept, at most {@code maxFrames} of them: the bounds of the keyframe and scene
 * modes.
 */
public final class Thinning {

  private Thinning() {}

  /** Indexes of the times kept. */
  public static List<Integer> keep(double[] times, Double minInterval, Integer maxFrames) {
    List<Integer> kept = new ArrayList<>();
    double last = Double.NEGATIVE_INFINITY;
    double gap = minInterval == null ? 0 : minInterval;
    for (int i = 0; i < times.length; i++) {
      if (maxFrames != null && kept.size() >= maxFrames) {
        break;
      }
      if (kept.isEmpty() || times[i] - last >= gap - 1e-9) {
        kept.add(i);
        last = times[i];
      }
    }
    return kept;
  }
}
