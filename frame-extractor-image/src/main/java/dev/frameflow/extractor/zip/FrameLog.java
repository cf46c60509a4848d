package dev.frameflow.extractor.zip;

import java.util.Arrays;

/**
 * The frames written so far, compactly (a long extraction may have hundreds of thousands): entry
 * number i (from 1) has timestamp {@code timestamp(i-1)} and served requested tick {@code
 * tick(i-1)}.
 */
public final class FrameLog {

  private double[] timestamps = new double[256];
  private int[] ticks = new int[256];
  private int size;

  public void add(double timestamp, int tick) {
    if (size == timestamps.length) {
      timestamps = Arrays.copyOf(timestamps, size * 2);
      ticks = Arrays.copyOf(ticks, size * 2);
    }
    timestamps[size] = timestamp;
    ticks[size] = tick;
    size++;
  }

  public int size() {
    return size;
  }

  public double timestamp(int i) {
    return timestamps[i];
  }

  public int tick(int i) {
    return ticks[i];
  }
}
