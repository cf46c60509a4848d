package dev.frameflow.operator.slicing;

import dev.frameflow.contracts.slicing.SlicePlan;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobSpec;
import dev.frameflow.videojob.VideoJobStatus;

/**
 * When a video is cut into slices, and when its duration must be measured first.
 *
 * <p>A VideoJob <b>may be sliced</b> when it allows more than one pod ({@code spec.maxParallelism},
 * or the operator's {@code defaultMaxParallelism} when the spec says nothing) and the operator-wide
 * cap does too. Its slice count comes from its duration: {@code spec.sourceDurationSeconds} when
 * whoever created it knew it, else {@code status.sourceDurationSeconds}, which the probe Job
 * records. A VideoJob that may be sliced and whose duration is unknown is <b>probed</b> first (one
 * short pod); every other VideoJob starts at once. So a probe costs a pod start only where slicing
 * is allowed, and a video shorter than one slice still runs as one pod.
 *
 * @param secondsPerSlice one slice per this much sampled source
 *     <p>A source smaller than {@code probeMinSourceBytes} ({@code spec.sourceSizeBytes}, from the
 *     upload) is taken to be shorter than one slice and is not probed: a probe costs a pod start
 *     (seconds on a real cluster) that most uploads, short ones, would pay for nothing. At 64 MB a
 *     video longer than a 10-minute slice would need a bitrate under ~0.9 Mb/s; one that low and
 *     that long runs as one pod.
 * @param defaultMaxParallelism the most pods per video when its spec gives no maxParallelism
 * @param probeMinSourceBytes sources of known size below this are not probed (0: probe any size)
 */
public record SlicingPolicy(
    double secondsPerSlice, int defaultMaxParallelism, long probeMinSourceBytes) {

  /** The spec decides alone: 10-minute slices, one pod unless the spec allows more. */
  public static final SlicingPolicy SPEC_ONLY =
      new SlicingPolicy(SlicePlan.DEFAULT_SECONDS_PER_SLICE, 1);

  /** A policy that probes sources of any size. */
  public SlicingPolicy(double secondsPerSlice, int defaultMaxParallelism) {
    this(secondsPerSlice, defaultMaxParallelism, 0);
  }

  public SlicingPolicy {
    if (probeMinSourceBytes < 0) {
      throw new IllegalArgumentException(
          "probe min source bytes must be >= 0, was " + probeMinSourceBytes);
    }
    if (!(secondsPerSlice > 0)) {
      throw new IllegalArgumentException("seconds per slice must be > 0, was " + secondsPerSlice);
    }
    if (defaultMaxParallelism < 1 || defaultMaxParallelism > SlicePlan.MAX_SLICES) {
      throw new IllegalArgumentException(
          "default max parallelism must be 1.."
              + SlicePlan.MAX_SLICES
              + ", was "
              + defaultMaxParallelism);
    }
  }

  /** The most pods the video may use at once, before the operator-wide cap. */
  public int maxParallelism(VideoJobSpec spec) {
    return spec.maxParallelism() != null ? spec.maxParallelism() : defaultMaxParallelism;
  }

  /** Whether the video may run as more than one pod under the operator-wide cap {@code podCap}. */
  public boolean maySlice(VideoJobSpec spec, int podCap) {
    return Math.min(maxParallelism(spec), podCap) > 1;
  }

  /** The source's duration: the spec's, else the probe's; null while unknown. */
  public static Double duration(VideoJob videoJob) {
    if (videoJob.getSpec().sourceDurationSeconds() != null) {
      return videoJob.getSpec().sourceDurationSeconds();
    }
    VideoJobStatus status = videoJob.getStatus();
    return status == null ? null : status.getSourceDurationSeconds();
  }

  /** Whether the VideoJob must be probed before it can be planned. */
  public boolean needsProbe(VideoJob videoJob, int podCap) {
    return maySlice(videoJob.getSpec(), podCap)
        && duration(videoJob) == null
        && !tooSmallToProbe(videoJob.getSpec());
  }

  private boolean tooSmallToProbe(VideoJobSpec spec) {
    return spec.sourceSizeBytes() != null && spec.sourceSizeBytes() < probeMinSourceBytes;
  }

  /** The slice count for the VideoJob under the cap (1 while its duration is unknown). */
  public int slicesFor(VideoJob videoJob, int podCap) {
    return slicesFor(videoJob.getSpec(), duration(videoJob), podCap);
  }

  /**
   * One slice per {@link #secondsPerSlice} of the sampled span ({@code extraction.start} to {@code
   * extraction.end}, within the duration), at most the video's and the operator's pod caps.
   */
  public int slicesFor(VideoJobSpec spec, Double durationSeconds, int podCap) {
    if (!maySlice(spec, podCap) || durationSeconds == null) {
      return 1;
    }
    double sampled = durationSeconds;
    if (spec.extraction() != null) {
      double end =
          spec.extraction().end() == null ? sampled : Math.min(spec.extraction().end(), sampled);
      sampled = end - spec.extraction().startSeconds();
    }
    return SlicePlan.slicesFor(sampled, secondsPerSlice, Math.min(maxParallelism(spec), podCap));
  }
}
