package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Keyframes;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists the keyframes of the first seconds of a video without decoding it: ffmpeg copies the video
 * packets into the {@code framecrc} muxer, which prints one line per packet and flags the
 * non-keyframes ({@code F=0x0}).
 */
public final class KeyframeIndexer {

  /** Enough to see the keyframe spacing of any common encoding. */
  public static final double INDEXED_SECONDS = 30;

  /**
   * From a URL every second indexed is downloaded (~0.8 MB of 1080p at 6 Mb/s): a third of it still
   * shows any usual keyframe spacing.
   */
  public static final double INDEXED_SECONDS_REMOTE = 10;

  private static final Pattern TIME_BASE = Pattern.compile("^#tb 0: (\\d+)/(\\d+)");
  private static final Pattern PACKET =
      Pattern.compile("^0,\\s*(-?\\d+),\\s*(-?\\d+),\\s*(\\d+),\\s*(\\d+),\\s*0x[0-9a-fA-F]+(.*)$");

  private final Ffmpeg ffmpeg;
  private volatile long windowBytes;

  public KeyframeIndexer(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * Keyframes of the first {@link #INDEXED_SECONDS} ({@link #INDEXED_SECONDS_REMOTE} of a URL);
   * none when the packets cannot be read.
   */
  public Keyframes index(MediaSource video, double durationSeconds) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    double seconds = video.isLocal() ? INDEXED_SECONDS : INDEXED_SECONDS_REMOTE;
    List<String> args = new ArrayList<>(List.of("-t", Double.toString(seconds)));
    args.addAll(video.inputArguments());
    args.addAll(List.of("-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"));
    ffmpeg.run(args, lines::add, null);
    windowBytes = windowBytes(lines);
    return parse(lines, Math.min(seconds, durationSeconds));
  }

  /** A video's probe and its keyframe index, from one ffmpeg run. */
  public record Probed(VideoInfo video, Keyframes keyframes) {}

  /**
   * Probes {@code video} and indexes its keyframes as {@link #index} does, in the probe's own run
   * (which lets ffmpeg detect the format; the index reads the same packets with the same demuxer
   * either way): one ffmpeg start and one opening of the input less than probe then index, about a
   * tenth of a second on 1080p H.264, which a sparse extraction of a short video pays in full.
   */
  public Probed probeAndIndex(MediaSource video) throws IOException, InterruptedException {
    double seconds = video.isLocal() ? INDEXED_SECONDS : INDEXED_SECONDS_REMOTE;
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    VideoInfo info =
        new VideoProbe(ffmpeg)
            .probe(
                video,
                List.of("-t", Double.toString(seconds)),
                List.of("-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"),
                lines::add);
    windowBytes = windowBytes(lines);
    return new Probed(info, parse(lines, Math.min(seconds, info.durationSeconds())));
  }

  /**
   * What a seek window to a keyframe reads, estimated from the last {@link #index}: a keyframe and
   * the {@link #WINDOW_FRAMES} packets after it, at their mean sizes (0 before any index).
   */
  public long windowBytes() {
    return windowBytes;
  }

  /** Packets after the keyframe a window to a tick on a keyframe decodes (outpoint and reorder). */
  static final int WINDOW_FRAMES = 4;

  static long windowBytes(List<String> framecrcLines) {
    long keyBytes = 0;
    long keys = 0;
    long otherBytes = 0;
    long others = 0;
    for (String line : framecrcLines) {
      Matcher packet = PACKET.matcher(line);
      if (packet.find()) {
        long size = Long.parseLong(packet.group(4));
        if (packet.group(5).contains("F=")) {
          otherBytes += size;
          others++;
        } else {
          keyBytes += size;
          keys++;
        }
      }
    }
    if (keys == 0) {
      return 0;
    }
    return keyBytes / keys + (others == 0 ? 0 : WINDOW_FRAMES * otherBytes / others);
  }

  static Keyframes parse(List<String> framecrcLines, double indexedSeconds) {
    long num = 1;
    long den = 1;
    List<Double> keyframes = new ArrayList<>();
    for (String line : framecrcLines) {
      Matcher tb = TIME_BASE.matcher(line);
      if (tb.find()) {
        num = Long.parseLong(tb.group(1));
        den = Long.parseLong(tb.group(2));
        continue;
      }
      Matcher packet = PACKET.matcher(line);
      if (packet.find() && !packet.group(5).contains("F=")) {
        keyframes.add(Long.parseLong(packet.group(2)) * (double) num / den);
      }
    }
    boolean seenTimeBase = framecrcLines.stream().anyMatch(l -> TIME_BASE.matcher(l).find());
    return new Keyframes(
        keyframes.stream().mapToDouble(Double::doubleValue).toArray(),
        indexedSeconds,
        seenTimeBase ? num : 0,
        seenTimeBase ? den : 0);
  }
}
