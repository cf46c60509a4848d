package dev.frameflow.archive;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The frames written so far, compactly (a long extraction may have hundreds of thousands): entry
 * number i (from 1) is shown at {@code timestamp(i-1)}, was asked for at {@code requested(i-1)} and
 * is a keyframe when {@code keyframe(i-1)}.
 */
public final class FrameLog {

  private double[] timestamps = new double[256];
  private double[] requested = new double[256];
  private final BitSet keyframes = new BitSet();
  private int size;

  public void add(double timestamp, double requestedTimestamp, boolean keyframe) {
    if (size == timestamps.length) {
      timestamps = Arrays.copyOf(timestamps, size * 2);
      requested = Arrays.copyOf(requested, size * 2);
    }
    timestamps[size] = timestamp;
    requested[size] = requestedTimestamp;
    keyframes.set(size, keyframe);
    size++;
  }

  public int size() {
    return size;
  }

  public double timestamp(int i) {
    return timestamps[i];
  }

  public double requested(int i) {
    return requested[i];
  }

  public boolean keyframe(int i) {
    return keyframes.get(i);
  }
}
