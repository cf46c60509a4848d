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
 * <p>A run with several seek windows reads the input through ffmpeg's {@code concat} demuxer, one
 * entry per window: {@code inpoint} (ffmpeg seeks to the keyframe before it) at the window's first
 * tick, {@code outpoint} (it stops reading there) two frame intervals past its last tick, so the
 * rest of the GOP is never decoded. The {@code duration} of each entry is the distance to the next
 * window's inpoint, which keeps every frame's timestamp its own, shifted by the first inpoint
 * ({@link #timestampOffset}). A tick whose frame lies further out (a variable frame rate) finds
 * none here; {@link FrameDecoder} decodes those again with a plain seek.
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
   * The input of a windowed run: a concat script over {@code video} with one entry per window
   * (written next to the run's frames; the input of {@link #arguments} for that run).
   */
  static String concatScript(MediaSource video, VideoInfo info, Timeline timeline, DecodeRun run) {
    double frameRate = info.frameRateOrDefault();
    StringBuilder script = new StringBuilder("ffconcat version 1.0\n");
    List<int[]> windows = run.windows();
    for (int i = 0; i < windows.size(); i++) {
      int[] window = windows.get(i);
      double in = inpoint(info, timeline, window[0], frameRate);
      double end = info.startSeconds() + timeline.windowStart(window[1]);
      double out =
          Math.min(end, info.startSeconds() + timeline.time(window[1] - 1) + 2 / frameRate);
      double next =
          i + 1 < windows.size() ? inpoint(info, timeline, windows.get(i + 1)[0], frameRate) : out;
      script.append("file '").append(video.location().replace("'", "'\\''")).append("'\n");
      List<String> options = video.entryOptions();
      for (int o = 0; o + 1 < options.size(); o += 2) {
        script
            .append("option ")
            .append(options.get(o).substring(1))
            .append(' ')
            .append(options.get(o + 1))
            .append('\n');
      }
      script
          .append("inpoint ")
          .append(Timeline.plain(in))
          .append("\noutpoint ")
          .append(Timeline.plain(out))
          .append("\nduration ")
          .append(Timeline.plain(next - in))
          .append('\n');
    }
    return script.toString();
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
    double origin = video.startSeconds() - timestampOffset(video, timeline, run);
    String tick = timeline.tickExpression("t", origin);
    String previousTick = timeline.tickExpression("prev_selected_t", origin);
    StringBuilder chain = new StringBuilder();
    if (!run.windowed() && run.endTick() < timeline.count()) {
      double end = video.startSeconds() + timeline.time(run.endTick());
      chain.append("trim=end=").append(Timeline.plain(end)).append(',');
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
