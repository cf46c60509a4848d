package dev.frameflow.extractor.plan;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.probe.VideoInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the requested timestamps into seek windows and the windows into ffmpeg runs, counting cost
 * in decoded frames.
 *
 * <p>Walking the timeline, the next timestamp either extends the current window (ffmpeg decodes on
 * through every frame in between) or starts a new one (ffmpeg seeks to the keyframe before it and
 * decodes from there, at most one GOP). The cheaper wins. Ticks closer than the keyframe spacing
 * merge into one window ({@link Strategy#DENSE}: the whole range is decoded once, cut into segments
 * decoded in parallel). Otherwise ({@link Strategy#SPARSE}) each window decodes only from its
 * keyframe to its last tick: one frame every 10 s with a keyframe every 2 s decodes about one frame
 * per tick; one frame per second with a keyframe every 2 s skips the second half of each GOP. The
 * windows are shared out, in order, among a few processes of about equal cost, each seeking from
 * window to window.
 *
 * <p>When the source may be read through ({@code sequentialReads}: a local file, or a URL whose
 * every GOP holds a timestamp, so that nearly all its bytes are needed anyway), the index gave the
 * stream's time base, and the windows are many ({@link #readingThroughPays}), a sparse plan becomes
 * {@link Strategy#SKIM}: the same GOP prefixes are decoded, but each run reads its range once in
 * order and drops the packets it does not need instead of opening the input once per window (each
 * opening reads the container's whole index). A few windows far apart ({@code --count 8}) are
 * opened each.
 *
 * <p>The keyframe positions are an estimate (the spacing seen at the start of the video); a wrong
 * guess costs time, never correctness: each window seeks and selects its own frames exactly.
 */
public final class Planner {

  /**
   * A seek within a run (the input reopened at the next window), counted in decoded frames.
   * Measured on 1080p H.264, single-threaded: 57 ms, about 15 frames.
   */
  static final double SEEK_COST_FRAMES = 15;

  /** Runs per worker: more balance the load, each costs a process start. */
  static final int RUNS_PER_WORKER = 2;

  /** Shortest segment worth its own process, in seconds of video. */
  static final double MIN_SEGMENT_SECONDS = 2;

  private final int workers;
  private final boolean localSource;
  private final boolean skimming;

  /** For a local source, without {@link Strategy#SKIM} plans. */
  public Planner(int workers) {
    this(workers, true, false);
  }

  /**
   * @param localSource whether reading the whole source costs nothing but the reading (a local
   *     file), rather than its download (a URL)
   * @param skimming whether {@link Strategy#SKIM} plans may be made
   */
  public Planner(int workers, boolean localSource, boolean skimming) {
    this.workers = workers;
    this.localSource = localSource;
    this.skimming = skimming;
  }

  public SamplingPlan plan(VideoInfo video, ExtractionOptions options, Keyframes keyframes) {
    return plan(video, Timeline.of(options, video.durationSeconds()), keyframes);
  }

  /** The plan for a given timeline (a slice of the whole video's, for one index of many). */
  public SamplingPlan plan(VideoInfo video, Timeline timeline, Keyframes keyframes) {
    double frameRate = video.frameRateOrDefault();
    List<int[]> windows = group(timeline, frameRate, keyframes);
    if (windows.size() == 1) {
      return new SamplingPlan(
          timeline, Strategy.DENSE, split(timeline.count(), segments(timeline)));
    }
    if (skimmable(timeline, keyframes) && readingThroughPays(video, timeline, windows.size())) {
      return new SamplingPlan(
          timeline,
          Strategy.SKIM,
          split(timeline.count(), skimRuns(timeline.count())),
          new SkimParameters(
              keyframes.maxInterval(), keyframes.timeBaseNum(), keyframes.timeBaseDen()));
    }
    double[] costs = new double[windows.size()];
    for (int i = 0; i < costs.length; i++) {
      int[] window = windows.get(i);
      double from = keyframes.before(timeline.time(window[0]));
      costs[i] = SEEK_COST_FRAMES + frameRate * (timeline.time(window[1] - 1) - from) + 1;
    }
    return new SamplingPlan(
        timeline, Strategy.SPARSE, shareOut(windows, costs, sparseRuns(windows.size())));
  }

  /**
   * Runs of a sparse plan: {@link #RUNS_PER_WORKER} per worker, except for a few windows in a local
   * file ({@code --count 8}): then one run per worker, each one ffmpeg reading its windows as
   * inputs of its own. A process start (loading ffmpeg's libraries) costs about 50 ms of CPU, as
   * much as a dozen decoded frames: a short run of eight windows spent a tenth of its ffmpeg time
   * starting two processes more than it had cores, for a balance that a few windows of about equal
   * cost do not need. A URL keeps more runs than workers: those wait for the network.
   */
  int sparseRuns(int windows) {
    if (localSource && windows <= workers * FEW_WINDOWS_PER_WORKER) {
      return Math.min(windows, workers);
    }
    return Math.min(windows, workers * RUNS_PER_WORKER);
  }

  /**
   * Runs of a skim plan: one per worker for a local file, {@link #RUNS_PER_WORKER} per worker for a
   * URL (its runs wait for the network). A skim run is two processes, the copying ffmpeg and the
   * decoding one, and each run reads again from the keyframe before its first timestamp: on a local
   * file more runs than workers only add that. One frame every 10 s of a 3-minute 1080p file took
   * 13 % less wall time and 9 % less CPU in two runs than in four (docs/benchmarks.md).
   */
  int skimRuns(int ticks) {
    return Math.min(ticks, localSource ? workers : workers * RUNS_PER_WORKER);
  }

  /**
   * Windows per worker that one process reads as inputs of its own (as many as {@code
   * decode.RunCommand} gives one ffmpeg).
   */
  static final int FEW_WINDOWS_PER_WORKER = 4;

  /**
   * Skimming reads every byte of each run's range: worth it for a local file, and for a URL when
   * every GOP holds two timestamps or more (then at least half of each GOP is read anyway, and
   * windows only add requests). With one timestamp per GOP a window reads little more than a
   * keyframe: windows, through the relay.
   */
  private boolean skimmable(Timeline timeline, Keyframes keyframes) {
    return skimming
        && keyframes.hasTimeBase()
        && keyframes.times().length >= 2
        && (localSource || timeline.step() <= keyframes.maxInterval() / 2);
  }

  /**
   * Whether skimming the timeline's span costs less than opening the source once per window: an
   * input opened for a window reads the container's whole index (both streams' sample tables),
   * which grows with the video's length, where skimming reads the packets between the windows. A
   * few windows far apart in a long video ({@code --count 8}) open it a few times; many windows (1
   * frame / 10 s, 1 frame/s) read through.
   */
  static boolean readingThroughPays(VideoInfo video, Timeline timeline, int windows) {
    double span = timeline.time(timeline.count() - 1) - timeline.time(0);
    double opening = OPEN_COST_FRAMES_PER_VIDEO_SECOND * video.durationSeconds() * windows;
    return SKIM_COST_FRAMES_PER_SECOND * span < opening;
  }

  /**
   * Opening the source for a window, per second of the video's length, in decoded frames. Measured
   * on the 10-minute benchmark video (MP4, 1080p30 H.264 and AAC: 46,000 samples): 60 windows as
   * inputs of 16 processes took 6.7 s of CPU where skimming took 4.7 s; about 55 ms per opening,
   * 0.09 ms per second of video, at 3.8 ms per decoded frame.
   */
  static final double OPEN_COST_FRAMES_PER_VIDEO_SECOND = 0.024;

  /**
   * Skimming a second of video (reading, copying and dropping its packets), in decoded frames: a
   * copying ffmpeg read 150 s of the benchmark video (6 Mb/s) in 0.22 s of CPU, 1.5 ms per second.
   */
  static final double SKIM_COST_FRAMES_PER_SECOND = 0.4;

  /** Consecutive tick ranges {@code [first, end)}, one per seek window. */
  private static List<int[]> group(Timeline timeline, double frameRate, Keyframes keyframes) {
    List<int[]> groups = new ArrayList<>();
    int first = 0;
    for (int k = 1; k < timeline.count(); k++) {
      double decodeOn = frameRate * (timeline.time(k) - timeline.time(k - 1));
      double seek =
          SEEK_COST_FRAMES
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

  /** Consecutive windows in {@code parts} runs of about equal cost, none empty. */
  static List<DecodeRun> shareOut(List<int[]> windows, double[] costs, int parts) {
    double total = 0;
    for (double cost : costs) {
      total += cost;
    }
    List<DecodeRun> runs = new ArrayList<>(parts);
    int start = 0;
    double done = 0;
    for (int part = 0; part < parts; part++) {
      double target = total * (part + 1) / parts;
      int laterParts = parts - part - 1;
      int end = start + 1;
      done += costs[start];
      while (end < windows.size() - laterParts
          && (part == parts - 1 || done + costs[end] / 2 < target)) {
        done += costs[end];
        end++;
      }
      List<Integer> seeks = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        seeks.add(windows.get(i)[0]);
      }
      runs.add(new DecodeRun(part, windows.get(start)[0], windows.get(end - 1)[1], seeks));
      start = end;
    }
    return List.copyOf(runs);
  }

  private int segments(Timeline timeline) {
    double span = timeline.count() * timeline.step();
    int bySpan = (int) Math.max(1, Math.floor(span / MIN_SEGMENT_SECONDS));
    return Math.max(1, Math.min(Math.min(workers * RUNS_PER_WORKER, bySpan), timeline.count()));
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
