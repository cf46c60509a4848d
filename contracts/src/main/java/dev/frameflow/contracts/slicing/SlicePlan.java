package dev.frameflow.contracts.slicing;

/**
 * How a video is cut into time slices, deterministically, so that every index knows its ticks (the
 * requested timestamps of the whole video's timeline) and so its first frame number without talking
 * to the others: index {@code i} of {@code n} serves ticks {@code [count*i/n, count*(i+1)/n)}, and
 * its first frame is number {@code count*i/n + 1}, as in a one-pod run where tick k gives frame
 * k+1.
 *
 * <p>The operator chooses {@code n} from the video's duration ({@link #slicesFor}); the extractor,
 * which probes the video itself, computes the tick count and its share.
 */
public final class SlicePlan {

  /** One slice per this much source by default. */
  public static final double DEFAULT_SECONDS_PER_SLICE = 600;

  /** The most indexes one VideoJob may run at once (and the CRD's bound on maxParallelism). */
  public static final int MAX_SLICES = 64;

  private SlicePlan() {}

  /**
   * How many slices for a video of {@code durationSeconds}: one per {@code secondsPerSlice} of the
   * sampled span (rounded up), at most {@code cap}, at least 1.
   */
  public static int slicesFor(double durationSeconds, double secondsPerSlice, int cap) {
    if (!(durationSeconds > 0) || !(secondsPerSlice > 0) || cap <= 1) {
      return 1;
    }
    long wanted = (long) Math.ceil(durationSeconds / secondsPerSlice - 1e-9);
    return (int) Math.max(1, Math.min(Math.min(wanted, cap), MAX_SLICES));
  }

  /** The first tick of index {@code slice} of {@code slices} over {@code count} ticks. */
  public static int firstTick(int count, int slice, int slices) {
    check(slice, slices);
    return (int) ((long) count * slice / slices);
  }

  /** One past the last tick of index {@code slice}. */
  public static int endTick(int count, int slice, int slices) {
    check(slice, slices);
    return (int) ((long) count * (slice + 1) / slices);
  }

  /** The number of the index's first frame (frames are numbered from 1). */
  public static int firstFrame(int count, int slice, int slices) {
    return firstTick(count, slice, slices) + 1;
  }

  /**
   * The index that also renders the run's animated preview, made once for the whole video: the
   * middle one, whose share of the timeline holds the start of the preview's clip (the clip comes
   * from the middle of the sampled span). Every index knows it without talking to the others; a
   * retried index writes its part again, the preview with it, in place of the first try's.
   */
  public static int previewSlice(int slices) {
    check(0, slices);
    return (slices - 1) / 2;
  }

  private static void check(int slice, int slices) {
    if (slices < 1 || slices > MAX_SLICES || slice < 0 || slice >= slices) {
      throw new IllegalArgumentException("slice " + slice + " of " + slices);
    }
  }
}
