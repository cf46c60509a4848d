package dev.frameflow.extractor.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One ffmpeg process producing the frames of ticks {@code [firstTick, endTick)}. It seeks to each
 * of {@code seekTicks} (the first is {@code firstTick}) and decodes from the keyframe before it up
 * to the next one's window, or (for the last) to {@code endTick}. One seek: a plain input seek;
 * several: seek windows within the one process. Runs never share a tick, so their frames never
 * overlap.
 */
public record DecodeRun(int index, int firstTick, int endTick, List<Integer> seekTicks) {

  public DecodeRun {
    seekTicks = List.copyOf(seekTicks);
    if (seekTicks.isEmpty() || seekTicks.get(0) != firstTick) {
      throw new IllegalArgumentException("the first seek must be the first tick " + firstTick);
    }
    for (int i = 1; i < seekTicks.size(); i++) {
      if (seekTicks.get(i) <= seekTicks.get(i - 1) || seekTicks.get(i) >= endTick) {
        throw new IllegalArgumentException("seeks out of order or range: " + seekTicks);
      }
    }
  }

  /** A run that seeks once and decodes through. */
  public DecodeRun(int index, int firstTick, int endTick) {
    this(index, firstTick, endTick, List.of(firstTick));
  }

  public int ticks() {
    return endTick - firstTick;
  }

  /** Whether the run seeks more than once (seek windows in one process). */
  public boolean windowed() {
    return seekTicks.size() > 1;
  }

  /** The tick ranges {@code [first, end)} decoded after each seek, in order. */
  public List<int[]> windows() {
    List<int[]> windows = new ArrayList<>(seekTicks.size());
    for (int i = 0; i < seekTicks.size(); i++) {
      int end = i + 1 < seekTicks.size() ? seekTicks.get(i + 1) : endTick;
      windows.add(new int[] {seekTicks.get(i), end});
    }
    return windows;
  }
}
