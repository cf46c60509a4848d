package dev.frameflow.extractor.plan;

import dev.frameflow.extractor.ExtractionOptions;
import dev.frameflow.extractor.probe.VideoInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the requested timestamps into ffmpeg runs, counting cost in decoded frames.
 *
 * <p>Walking the timeline, the next timestamp either extends the current run (ffmpeg decodes on
 * through every frame in between) or starts a new one (a new process seeks to the keyframe before
 * it and decodes from there, at most one GOP). The cheaper wins. Ticks closer than the keyframe
 * spacing merge into long runs ({@link Strategy#DENSE}: the whole range is decoded once, then cut
 * into segments decoded in parallel); ticks far apart each get their own seek ({@link
 * Strategy#SPARSE}); in between, a run covers the ticks of one GOP and skips the rest of it (for
 * example one frame every 1.5 s with a keyframe every 3 s decodes half of the frames).
 *
 * <p>The keyframe positions are an estimate (the spacing seen at the start of the video); a wrong
 * guess costs time, never correctness: each run seeks and selects its own frames exactly.
 */
public final class Planner {

  /**
   * Starting ffmpeg, opening the input and the decoder, counted in decoded frames. Measured on
   * 1080p H.264 (2 cores): a run costs about 20 frames of CPU more than the frames it decodes, and
   * short processes keep the cores less busy than long ones, so 30.
   */
  static final double PROCESS_COST_FRAMES = 30;

  /** Segments per worker when a long range is decoded whole: more balance the load. */
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
    List<int[]> groups = group(timeline, frameRate, keyframes);
    if (groups.size() == 1) {
      return new SamplingPlan(
          timeline, Strategy.DENSE, split(timeline.count(), segments(timeline)));
    }
    List<DecodeRun> runs = new ArrayList<>(groups.size());
    for (int[] group : groups) {
      runs.add(new DecodeRun(runs.size(), group[0], group[1]));
    }
    return new SamplingPlan(timeline, Strategy.SPARSE, List.copyOf(runs));
  }

  /** Consecutive tick ranges {@code [first, end)}, one per ffmpeg run. */
  private static List<int[]> group(Timeline timeline, double frameRate, Keyframes keyframes) {
    List<int[]> groups = new ArrayList<>();
    int first = 0;
    for (int k = 1; k < timeline.count(); k++) {
      double decodeOn = frameRate * (timeline.time(k) - timeline.time(k - 1));
      double seek =
          PROCESS_COST_FRAMES
              + frameRate * (timeline.time(k) - keyframes.before(timeline.time(k)))
              + 1;
      if (seek < decodeOn) {
        groups.add(new int[] {first, k});
        first = k;
      }
    }
    groups.add(new int[] {first, timeline.count()});
    return groups;
  }

  private int segments(Timeline timeline) {
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
