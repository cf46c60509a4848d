package dev.frameflow.operator.slicing;

import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * How to tell a sliced Job and how many pods it counts for. Whether and how a VideoJob is sliced
 * (its parallelism, its duration from the spec or the probe, the slice length) is {@link
 * SlicingPolicy}'s decision; {@link #slicesFor} is that decision from the spec alone.
 */
public final class SlicedJobs {

  public static final String INDEXED = "Indexed";

  private SlicedJobs() {}

  /**
   * The slice count for {@code spec} alone (its own duration and maxParallelism, 10-minute slices)
   * under the operator-wide cap of {@code podCap} pods; see {@link SlicingPolicy}.
   */
  public static int slicesFor(VideoJobSpec spec, int podCap) {
    return SlicingPolicy.SPEC_ONLY.slicesFor(spec, spec.sourceDurationSeconds(), podCap);
  }

  /** The number of indexes of an Indexed Job, 1 for any other Job. */
  public static int slicesOf(Job job) {
    if (job.getSpec() == null
        || !INDEXED.equals(job.getSpec().getCompletionMode())
        || job.getSpec().getCompletions() == null) {
      return 1;
    }
    return job.getSpec().getCompletions();
  }

  /** How many pods the Job runs at once (its share of the operator-wide cap). */
  public static int podsOf(Job job) {
    if (job.getSpec() == null || job.getSpec().getParallelism() == null) {
      return 1;
    }
    return Math.max(1, job.getSpec().getParallelism());
  }

  public static boolean isSliced(Job job) {
    return slicesOf(job) > 1;
  }
}
