package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg arguments of one {@link DecodeRun}.
 *
 * <p>A run that seeks once:
 *
 * <ul>
 *   <li>Input seeking ({@code -ss} before {@code -i}) to the run's first requested timestamp:
 *       ffmpeg jumps to the keyframe at or before it and decodes forward, so a frame costs at most
 *       one GOP of decoding. {@code -noaccurate_seek} passes every decoded frame on: the {@code
 *       select} filter, not ffmpeg's trimming, decides which frame serves which timestamp.
 *   <li>{@code select} keeps the first frame of each tick window of the run, and only those: the
 *       windows of neighbouring runs do not overlap, so no frame is missed or repeated at a border.
 *       {@code -copyts} keeps the stream's own timestamps, which is what the expression compares.
 *   <li>{@code trim} ends the run at the start of the next run's first timestamp (ffmpeg stops
 *       reading there); {@code -frames:v} stops as soon as every tick has its frame.
 *   <li>{@code threads} above 0 pins the decoder, the filters and the encoder to that many threads
 *       (the caller runs enough processes to fill the cores); 0 leaves the choice to ffmpeg.
 *   <li>Rotation, scaling and encoding run only on the selected frames ({@code -noautorotate} plus
 *       our own transpose after {@code select}); {@code showinfo} reports each frame's timestamp.
 * </ul>
 *
 * <p>A run with several seek windows reads the input once per window, each as an input of its own
 * in one ffmpeg ({@link #windowInputArguments}, a few windows per process): the input seeks to the
 * keyframe before the window's first tick, and its output stops reading two frame intervals past
 * its last tick, so the rest of the GOP is never decoded. A tick whose frame lies further out (a
 * variable frame rate) finds none there; {@link FrameDecoder} decodes those again with a plain
 * seek.
 */
final class RunCommand {

  private RunCommand() {}

  static List<String> arguments(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      int threads,
      Path outputDir) {
    return arguments(
        input, video, timeline, options, run, threads, outputDir, timeline.time(run.firstTick()));
  }

  /**
   * As above, the input seek of a run that seeks once at {@code seek} (seconds from the start of
   * the video; earlier than its first timestamp where the container seeks inexactly: {@link
   * SafeSeek}).
   */
  static List<String> arguments(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      int threads,
      Path outputDir,
      double seek) {
    List<String> args = new ArrayList<>();
    args.add("-nostats");
    if (threads > 0) {
      args.addAll(List.of("-threads", Integer.toString(threads)));
    }
    if (!run.windowed()) {
      if (seek > 0) {
        args.addAll(List.of("-noaccurate_seek", "-ss", Timeline.plain(seek)));
      }
    }
    args.addAll(List.of("-noautorotate", "-copyts"));
    args.addAll(input.inputArguments());
    args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
    args.add("-vf");
    args.add(filters(video, timeline, options, run));
    args.addAll(List.of("-vsync", "passthrough", "-frames:v", Integer.toString(run.ticks())));
    if (threads > 0) {
      args.addAll(
          List.of(
              "-filter_threads", Integer.toString(threads), "-threads", Integer.toString(threads)));
    }
    args.addAll(FrameEncoding.arguments(options));
    args.addAll(List.of("-f", "image2", "-start_number", "0"));
    args.add(outputDir.resolve("%06d." + options.format().extension()).toString());
    return args;
  }

  /**
   * Most windows one ffmpeg reads as inputs of its own: each input holds its demuxer (the
   * container's index) and its decoder's pictures until the process ends, so a run with more
   * windows starts one process per group of this many.
   */
  static final int MAX_WINDOW_INPUTS = 4;

  /** The {@code showinfo} instance that reports the frames of window {@code i} of a run. */
  static String windowReport(int i) {
    return "showinfo@window" + i;
  }

  /**
   * A run's seek windows (at most {@link #MAX_WINDOW_INPUTS}) as one ffmpeg with one input and one
   * output per window: each input seeks, as a concat entry's {@code inpoint} does, to the keyframe
   * before its window's first tick, without {@code find_stream_info} (the concat demuxer probes
   * each entry again, decoding a frame or more of the file's start; these inputs need nothing it
   * finds: the probe already told the video's shape, and with {@code -copyts} every frame keeps its
   * own timestamp), and each output keeps its window's ticks, written to {@code window-i} under
   * {@code outputDir} and reported by {@link #windowReport}{@code (i)}. A window's reading ends, as
   * a concat entry's {@code outpoint} does, two frame intervals past its last tick (or at the next
   * tick's window).
   */
  static List<String> windowInputArguments(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      List<int[]> windows,
      int runIndex,
      int threads,
      Path outputDir) {
    if (windows.isEmpty() || windows.size() > MAX_WINDOW_INPUTS) {
      throw new IllegalArgumentException("1 to " + MAX_WINDOW_INPUTS + " windows per process");
    }
    double frameRate = video.frameRateOrDefault();
    List<String> args = new ArrayList<>(List.of("-nostats"));
    for (int[] window : windows) {
      if (threads > 0) {
        args.addAll(List.of("-threads", Integer.toString(threads)));
      }
      // no find_stream_info: ffmpeg then neither shifts the seek by the file's start time nor by
      // its B-frame heuristic, so "-ss" means what a concat inpoint means
      args.addAll(
          List.of(
              "-nofind_stream_info",
              "-noaccurate_seek",
              "-ss",
              Timeline.plain(inpoint(video, timeline, window[0], frameRate)),
              "-noautorotate",
              "-copyts"));
      args.addAll(input.inputArguments());
    }
    if (threads > 0) {
      args.addAll(List.of("-filter_threads", Integer.toString(threads)));
    }
    for (int i = 0; i < windows.size(); i++) {
      int[] window = windows.get(i);
      double out =
          Math.min(
              video.startSeconds() + timeline.windowStart(window[1]),
              video.startSeconds() + timeline.time(window[1] - 1) + 2 / frameRate);
      DecodeRun alone = new DecodeRun(runIndex, window[0], window[1]);
      String chain = filters(video, timeline, options, alone, null, out);
      args.addAll(List.of("-map", i + ":v:0", "-an", "-sn", "-dn"));
      args.add("-vf");
      args.add(chain.substring(0, chain.length() - "showinfo".length()) + windowReport(i));
      args.addAll(List.of("-vsync", "passthrough", "-frames:v", Integer.toString(alone.ticks())));
      if (threads > 0) {
        args.addAll(List.of("-threads", Integer.toString(threads)));
      }
      args.addAll(FrameEncoding.arguments(options));
      args.addAll(List.of("-f", "image2", "-start_number", "0"));
      args.add(
          outputDir
              .resolve("window-" + i)
              .resolve("%06d." + options.format().extension())
              .toString());
    }
    return args;
  }

  /**
   * Seconds to add to a frame's timestamp in this run's output to get its timestamp in the video:
   * the concat demuxer starts its timeline at the first window's inpoint.
   */
  static double timestampOffset(VideoInfo video, Timeline timeline, DecodeRun run) {
    return run.windowed()
        ? inpoint(video, timeline, run.firstTick(), video.frameRateOrDefault())
        : 0;
  }

  /**
   * Where a window starts reading: ffmpeg goes to the last keyframe at or before this timestamp. A
   * quarter of a frame past the tick, so that a keyframe right on the tick (a timestamp rounded a
   * hair above it) is the one found, not the one a GOP earlier; a frame interval is too short for a
   * later keyframe to hide a frame that serves the tick.
   */
  private static double inpoint(VideoInfo video, Timeline timeline, int tick, double frameRate) {
    return video.startSeconds() + timeline.time(tick) + 0.25 / frameRate;
  }

  static String filters(
      VideoInfo video, Timeline timeline, ExtractionOptions options, DecodeRun run) {
    return filters(video, timeline, options, run, null);
  }

  /**
   * @param extraSelect another factor of the {@code select} expression (may read the frame's tick
   *     in {@code ld(0)}), or null
   */
  static String filters(
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      String extraSelect) {
    boolean trimmed = !run.windowed() && run.endTick() < timeline.count();
    return filters(
        video,
        timeline,
        options,
        run,
        extraSelect,
        trimmed ? video.startSeconds() + timeline.time(run.endTick()) : null);
  }

  /**
   * @param trimEnd the raw timestamp at which the run stops reading ({@code trim}), or null
   */
  private static String filters(
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      String extraSelect,
      Double trimEnd) {
    double origin = video.startSeconds() - timestampOffset(video, timeline, run);
    String tick = timeline.tickExpression("t", origin);
    String previousTick = timeline.tickExpression("prev_selected_t", origin);
    StringBuilder chain = new StringBuilder();
    if (trimEnd != null) {
      chain.append("trim=end=").append(Timeline.plain(trimEnd)).append(',');
    }
    chain
        .append("select='st(0,")
        .append(tick)
        .append(");gte(ld(0),")
        .append(run.firstTick())
        .append(")*lt(ld(0),")
        .append(run.endTick())
        .append(")*(isnan(prev_selected_t)+gt(ld(0),")
        .append(previousTick)
        .append("))")
        .append(extraSelect == null ? "" : "*" + extraSelect)
        .append("'");
    switch (video.rotation()) {
      case 90 -> chain.append(",transpose=clock");
      case 180 -> chain.append(",hflip,vflip");
      case 270 -> chain.append(",transpose=cclock");
      default -> {}
    }
    if (options.width() != null) {
      // -2: the height that keeps the aspect ratio, rounded to even (4:2:0 JPEG needs it)
      chain.append(",scale=").append(options.width()).append(":-2");
    }
    chain.append(",showinfo");
    return chain.toString();
  }
}
