package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Keyframes;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
    for (Framecrc.Packet packet : Framecrc.parse(framecrcLines).packets()) {
      if (packet.keyframe()) {
        keyBytes += packet.size();
        keys++;
      } else {
        otherBytes += packet.size();
        others++;
      }
    }
    if (keys == 0) {
      return 0;
    }
    return keyBytes / keys + (others == 0 ? 0 : WINDOW_FRAMES * otherBytes / others);
  }

  static Keyframes parse(List<String> framecrcLines, double indexedSeconds) {
    Framecrc output = Framecrc.parse(framecrcLines);
    return new Keyframes(
        output.packets().stream()
            .filter(Framecrc.Packet::keyframe)
            .mapToDouble(output::seconds)
            .toArray(),
        indexedSeconds,
        output.timeBaseSeen() ? output.timeBaseNum() : 0,
        output.timeBaseSeen() ? output.timeBaseDen() : 0);
  }
}
