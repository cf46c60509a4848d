package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Input seeks that never land past the keyframe a frame needs, in containers without an index.
 *
 * <p>In MP4, Matroska, WebM or AVI ffmpeg's input seek goes to the last keyframe at or before the
 * time asked for, from the container's index. MPEG-TS and MPEG-PS have none: ffmpeg searches the
 * file for timestamps and decoding starts at the first keyframe after the position found, which can
 * be a GOP past the time asked for (Debian's ffmpeg 5.1 lands at the next keyframe on the test
 * videos). Decoding from there would miss the frame of the first timestamp, or worse take a later
 * frame of the same tick window for it. So in those containers a seek is first tried without
 * decoding: one short ffmpeg copies, from the seek point, the first keyframe packet only and prints
 * its timestamp; while it lies past the earliest frame wanted, the seek point moves earlier (1 s,
 * then 4×, 16×… further) and at worst to the start. The run then decodes from there and its {@code
 * select} filter keeps the exact frames by timestamp, as every run does.
 *
 * <p>Public for the storyboard ({@code storyboard.StoryboardMaker}), whose tiles seek the same way.
 */
public final class SafeSeek {

  /** ffmpeg demuxers whose input seeks are not index-exact. */
  static final Set<String> UNINDEXED = Set.of("mpegts", "mpeg");

  /**
   * A frame this little before a time counts as at it (timestamp rounding; far below any frame
   * interval).
   */
  static final double TOLERANCE_SECONDS = 0.0005;

  /** The first step back from the wanted time, in seconds; each further one is 4× longer. */
  static final double FIRST_LEAD_SECONDS = 1;

  private SafeSeek() {}

  /** Whether an input seek in this video may land past the keyframe before the time asked for. */
  public static boolean needed(VideoInfo video) {
    return UNINDEXED.contains(video.demuxer());
  }

  /**
   * The {@code -ss} (seconds from the start of the video) from which decoding reaches the frame at
   * {@code wanted} and every later one exactly: {@code seek} itself where the container seeks
   * exactly or the seek lands early enough, else an earlier point, 0 for no seek.
   */
  public static double seekPoint(
      Ffmpeg ffmpeg, MediaSource input, VideoInfo video, double seek, double wanted)
      throws InterruptedException {
    if (seek <= 0 || !needed(video)) {
      return seek;
    }
    double lead = 0;
    double point = seek;
    while (point > 0) {
      Double landing = landing(ffmpeg, input, video, point);
      if (landing != null && landing <= wanted) {
        return point;
      }
      lead = lead == 0 ? FIRST_LEAD_SECONDS : lead * 4;
      point = seek - lead;
    }
    return 0;
  }

  /**
   * The {@code select} filter that keeps the frames from {@code wanted} on (seconds from the start
   * of the video, in a run with {@code -copyts}), for a run whose decoding starts earlier than an
   * accurate seek would ({@code -noaccurate_seek} from a {@link #seekPoint} before it).
   */
  public static String selectFrom(VideoInfo video, double wanted) {
    return "select='gte(t,"
        + Timeline.plain(video.startSeconds() + wanted - TOLERANCE_SECONDS)
        + ")'";
  }

  /** Where decoding starts after an input seek to {@code seek}: its first keyframe, or null. */
  static Double landing(Ffmpeg ffmpeg, MediaSource input, VideoInfo video, double seek)
      throws InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of("-nostats", "-loglevel", "error", "-ss", Timeline.plain(seek), "-copyts"));
    args.addAll(input.inputArguments());
    args.addAll(
        List.of(
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-bsf:v",
            "noise=drop=not(key)",
            "-frames:v",
            "1",
            "-avoid_negative_ts",
            "disabled",
            "-f",
            "framecrc",
            "-"));
    List<String> lines = new ArrayList<>();
    ffmpeg.run(args, lines::add, null);
    return parse(lines, video);
  }

  /** The first packet's presentation time in {@code framecrc} lines, from the video's start. */
  static Double parse(List<String> framecrcLines, VideoInfo video) {
    Framecrc output = Framecrc.parse(framecrcLines);
    return output.packets().isEmpty()
        ? null
        : output.seconds(output.packets().get(0)) - video.startSeconds();
  }
}
