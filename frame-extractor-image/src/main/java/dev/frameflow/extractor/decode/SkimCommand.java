package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.SkimParameters;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ffmpeg processes of a {@link dev.frameflow.extractor.plan.Strategy#SKIM} run, joined by a
 * pipe.
 *
 * <p>The first copies the run's video packets (from the keyframe before its first timestamp on, in
 * decode order) into NUT on its stdout, through the {@code noise} bitstream filter, whose {@code
 * drop} expression keeps of each GOP only a prefix in decode order: up to the packets of the frame
 * of the last timestamp that falls in the GOP (a GOP is assumed to last {@link
 * SkimParameters#gopSeconds()} from its keyframe), or nothing when none does. Since only a prefix
 * of each GOP from its keyframe reaches the decoder, every frame it outputs is decoded exactly as
 * in a whole-video decode: the packets it depends on come before it in decode order.
 *
 * <p>The second decodes that stream with the same filters as any run, plus one condition: a frame
 * is taken for a timestamp only if it lies within one frame interval of it, which every kept frame
 * does. A frame whose packets were dropped (a GOP longer than assumed, or a frame rate that drops)
 * can therefore never be replaced by a later one: its timestamp gets no frame, and {@link
 * FrameDecoder} decodes it again with a plain seek.
 *
 * <p>The packets stay in the stream's own clock: {@code -copyts} on both sides, no shift for
 * negative timestamps, and the time base the stream has, doubled until NUT keeps it as it is (NUT
 * picks a finer one below 1/48000, and the filter would then read its packets with the wrong
 * clock).
 */
final class SkimCommand {

  /** NUT's muxer keeps a time base at least this fine as it is. */
  static final long NUT_MIN_PRECISION = 48_000;

  /** Slack on the packets kept, in seconds: far below a frame interval, above rounding. */
  static final double SLACK_SECONDS = 0.001;

  private SkimCommand() {}

  /** The copying ffmpeg: the run's packets, skimmed, as NUT on stdout. */
  static List<String> copyArguments(
      MediaSource input, VideoInfo video, Timeline timeline, DecodeRun run, SkimParameters skim) {
    return copyArguments(input, video, timeline, run, skim, timeline.time(run.firstTick()));
  }

  /**
   * As above, seeking to {@code seek} (earlier than the run's first timestamp where the container
   * seeks inexactly, {@link SafeSeek}: the GOPs before the first tick hold none and are dropped).
   */
  static List<String> copyArguments(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      DecodeRun run,
      SkimParameters skim,
      double seek) {
    List<String> args = new ArrayList<>(List.of("-nostats", "-loglevel", "error"));
    if (seek > 0) {
      args.addAll(List.of("-ss", Timeline.plain(seek)));
    }
    args.add("-copyts");
    args.addAll(input.inputArguments());
    long[] timeBase = pipeTimeBase(skim.timeBaseNum(), skim.timeBaseDen());
    args.addAll(
        List.of(
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-time_base",
            timeBase[0] + ":" + timeBase[1],
            "-bsf:v",
            "noise=drop='" + dropExpression(video, timeline, run, skim).replace(",", "\\,") + "'",
            "-avoid_negative_ts",
            "disabled",
            "-f",
            "nut",
            "pipe:1"));
    return args;
  }

  /** The decoding ffmpeg: reads the NUT stream on stdin. */
  static List<String> decodeArguments(
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      int threads,
      Path outputDir) {
    MediaSource pipe = MediaSource.pipe("nut");
    List<String> args =
        RunCommand.arguments(pipe, video, timeline, options, run, threads, outputDir);
    // the pipe starts at the run's keyframe already: no seek of its own
    int ss = args.indexOf("-ss");
    if (ss >= 0) {
      args.remove(ss + 1);
      args.remove(ss);
      args.remove("-noaccurate_seek");
    }
    int filters = args.indexOf("-vf") + 1;
    args.set(
        filters, RunCommand.filters(video, timeline, options, run, withinAFrame(video, timeline)));
    return args;
  }

  /**
   * The {@code noise} filter's {@code drop} expression (1 drops the packet), evaluated per packet
   * in decode order with {@code pts}, {@code dts} (in {@code tb}) and {@code key}. On a keyframe it
   * computes the last requested tick before the assumed end of the GOP. The GOP is kept up to, in
   * decode order, the packet of that tick's frame (its {@code pts} within a frame interval of the
   * tick, as the decoding side's {@link #withinAFrame} asks): every packet that frame depends on
   * comes before it in decode order, and with B-frames the packets after it (frames shown before
   * it, or far after) are not needed, so from the next packet to the next keyframe all are dropped.
   * Where no packet of the GOP is within a frame of the tick (a frame rate that drops), a decode
   * timestamp bound cuts instead: the tick plus one frame interval (a frame's decode timestamp is
   * at most its presentation timestamp). What is kept is a prefix of the GOP either way. Registers:
   * 1 keyframe time, 2 last tick, 3 whether the GOP holds a tick, 4 keep-until, 5 dropping, 6 the
   * last tick's frame passed.
   */
  static String dropExpression(
      VideoInfo video, Timeline timeline, DecodeRun run, SkimParameters skim) {
    double frame = 1 / video.frameRateOrDefault();
    double origin = video.startSeconds() + timeline.start();
    String tickSeconds = Timeline.plain(tickSpacing(timeline));
    String end = Timeline.plain(skim.gopSeconds() - frame / 2 - origin);
    String lastTick =
        "min(" + (run.endTick() - 1) + ",ceil((ld(1)+" + end + ")/" + tickSeconds + ")-1)";
    String firstTickInGop =
        "ceil((ld(1)-" + Timeline.plain(timeline.tolerance() + origin) + ")/" + tickSeconds + ")";
    String lastTickTime = Timeline.plain(origin) + "+ld(2)*" + tickSeconds;
    String ofLastTick =
        "gte(pts*tb,"
            + lastTickTime
            + "-"
            + Timeline.plain(timeline.tolerance())
            + ")*lt(pts*tb,"
            + lastTickTime
            + "+"
            + Timeline.plain(frame - timeline.tolerance())
            + ")";
    return "st(1,if(key,pts*tb,ld(1)));"
        + "if(key,st(2,"
        + lastTick
        + "));"
        + "if(key,st(3,gte(ld(2),max("
        + run.firstTick()
        + ","
        + firstTickInGop
        + "))));"
        + "if(key,st(4,"
        + lastTickTime
        + "+"
        + Timeline.plain(frame + SLACK_SECONDS)
        + "));"
        + "if(key,st(6,0));"
        + "st(5,if(key,not(ld(3)),max(ld(5),max(ld(6),gt(dts*tb,ld(4))))));"
        + "st(6,max(ld(6),"
        + ofLastTick
        + "));"
        + "ld(5)";
  }

  /**
   * The extra {@code select} condition: the frame lies less than a frame interval past its tick
   * ({@code ld(0)} holds the tick).
   */
  static String withinAFrame(VideoInfo video, Timeline timeline) {
    double origin = video.startSeconds() + timeline.start();
    double window = 1 / video.frameRateOrDefault() - timeline.tolerance();
    return "lt(t-"
        + Timeline.plain(origin)
        + "-ld(0)*"
        + Timeline.plain(tickSpacing(timeline))
        + ","
        + Timeline.plain(window)
        + ")";
  }

  private static double tickSpacing(Timeline timeline) {
    return timeline.fps() > 0 ? 1 / timeline.fps() : timeline.step();
  }

  /** {@code num/den} made finer by powers of two until NUT keeps it (exact: a plain shift). */
  static long[] pipeTimeBase(long num, long den) {
    long d = den;
    while (d / num < NUT_MIN_PRECISION && d < (1L << 30)) {
      d <<= 1;
    }
    return new long[] {num, d};
  }
}
