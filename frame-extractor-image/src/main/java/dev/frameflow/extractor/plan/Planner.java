package dev.frameflow.extractor.plan;

import dev.frameflow.extractor.ExtractionOptions;
import dev.frameflow.extractor.probe.VideoInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses between dense and sparse decoding by comparing their cost in decoded frames.
 *
 * <p>Dense: every frame of the range is decoded once; the range is cut into contiguous segments (a
 * few per worker, for balance), each starting with a seek. Sparse: one input seek per tick; ffmpeg
 * decodes from the keyframe before the tick, on average half a GOP, plus the cost of starting a
 * process. Sparse wins when ticks are well apart compared with the keyframe spacing.
 */
public final class Planner {

  /** Starting ffmpeg, opening the input and the decoder, counted in decoded frames. */
  static final double PROCESS_COST_FRAMES = 12;

  /** Segments per worker in dense mode: more balance the load, each costs one extra seek. */
  static final int SEGMENTS_PER_WORKER = 2;

  /** Shortest segment worth its own process, in seconds of video. */
  static final double MIN_SEGMENT_SECONDS = 2;

  private final int workers;

  public Planner(int workers) {
    this.workers = workers;
  }

  public SamplingPlan plan(VideoInfo video, ExtractionOptions options, Keyframes keyframes) {
    Timeline timeline = Timeline.of(options, video.durationSeconds());
    double frameRate = video.frameRate() > 0 ? video.frameRate() : 30;
    double gop = keyframes.meanInterval();
    double span = timeline.count() * timeline.step();

    double seekCost = frameRate * gop / 2 + PROCESS_COST_FRAMES;
    double sparseCost = timeline.count() * (seekCost + 1);
    int segments = denseSegments(timeline);
    double denseCost = frameRate * span + segments * seekCost;

    if (timeline.count() > 1 && sparseCost < denseCost) {
      List<DecodeRun> runs = new ArrayList<>(timeline.count());
      for (int k = 0; k < timeline.count(); k++) {
        runs.add(new DecodeRun(k, k, k + 1));
      }
      return new SamplingPlan(timeline, Strategy.SPARSE, List.copyOf(runs));
    }
    return new SamplingPlan(timeline, Strategy.DENSE, split(timeline.count(), segments));
  }

  private int denseSegments(Timeline timeline) {
    double span = timeline.count() * timeline.step();
    int bySpan = (int) Math.max(1, Math.floor(span / MIN_SEGMENT_SECONDS));
    return Math.max(1, Math.min(Math.min(workers * SEGMENTS_PER_WORKER, bySpan), timeline.count()));
  }

  /** {@code count} ticks in {@code parts} contiguous runs of (nearly) equal length. */
  static List<DecodeRun> split(int count, int parts) {
    List<DecodeRun> runs = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      int first = (int) ((long) count * i / parts);
      int end = (int) ((long) count * (i + 1) / parts);
      runs.add(new DecodeRun(i, first, end));
    }
    return List.copyOf(runs);
  }
}
