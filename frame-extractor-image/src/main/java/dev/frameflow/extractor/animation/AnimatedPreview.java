package dev.frameflow.extractor.animation;

import dev.frameflow.contracts.frames.AnimationFormat;
import dev.frameflow.contracts.frames.AnimationRequest;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.decode.FrameDecoder;
import dev.frameflow.extractor.decode.Pictures;
import dev.frameflow.extractor.decode.SafeSeek;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a stretch of a video as an animation, in one ffmpeg run that writes nothing but the
 * result: an animated GIF (a palette made from the clip's own frames: {@code split} feeds them to
 * {@code palettegen} and, once it has seen them all, to {@code paletteuse}) or an animated WebP
 * (libwebp, every frame lossy at quality {@value #WEBP_QUALITY}). Both loop forever.
 *
 * <p>The first frame is the one on screen at the start, as {@code decode.PointDecoder} finds it: an
 * accurate input seek (and in MPEG-TS, where input seeks may land a GOP late, an earlier seek and a
 * selection by timestamp: {@link SafeSeek}). Then one frame every {@code 1/fps} ({@code fps}
 * filter) up to the end, scaled and turned upright as the extracted frames are ({@link Pictures}),
 * and {@code trim} ends the graph after the last frame, so ffmpeg stops reading there (and the
 * palette is made without waiting for the end of the video).
 *
 * <p>The source is what the extractor reads: a local file, or a presigned URL (through the
 * workspace's {@code SourceRelay} or directly), read in place with range requests.
 */
public final class AnimatedPreview {

  /** libwebp's quality (0-100) for every frame: its own default. */
  static final int WEBP_QUALITY = 75;

  /**
   * libwebp's effort, 0 (fastest) to 6: 2 takes 0.4 of the CPU time of libwebp's default 4 for 9 %
   * more bytes (50 frames at 480x270: 0.20 s against 0.47-0.50 s; docs/benchmarks.md).
   */
  static final int WEBP_EFFORT = 2;

  private static final String EMPTY_OUTPUT = "Output file is empty";

  private final Ffmpeg ffmpeg;

  public AnimatedPreview(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * The animation a request of the frame-server asks for (its bounds checked by the contract), in
   * its format.
   *
   * @throws RangePastEndException the stretch starts at or after the end of the video
   * @throws BadInputException the source is not a video ffmpeg can decode there
   * @throws IOException the source could not be read (network, disk): may succeed later
   */
  public byte[] render(MediaSource source, VideoInfo video, AnimationRequest request, Path workDir)
      throws IOException, InterruptedException {
    Clip clip = new Clip(request.start(), request.end(), request.fps(), request.width());
    return request.format() == AnimationFormat.GIF
        ? gif(source, video, clip, workDir)
        : webp(source, video, clip, workDir);
  }

  /** The clip as an animated GIF that loops forever. */
  public byte[] gif(MediaSource source, VideoInfo video, Clip clip, Path workDir)
      throws IOException, InterruptedException {
    return render(source, video, clip, Encoding.GIF, workDir);
  }

  /** The clip as an animated WebP that loops forever. */
  public byte[] webp(MediaSource source, VideoInfo video, Clip clip, Path workDir)
      throws IOException, InterruptedException {
    return render(source, video, clip, Encoding.WEBP, workDir);
  }

  /** How the frames are written: the filters after the picture's, and the output options. */
  enum Encoding {
    GIF("gif", "split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer"),
    WEBP("webp", null);

    private final String muxer;
    private final String tail;

    Encoding(String muxer, String tail) {
      this.muxer = muxer;
      this.tail = tail;
    }

    List<String> outputOptions() {
      List<String> args = new ArrayList<>();
      if (this == WEBP) {
        args.addAll(
            List.of(
                "-c:v",
                "libwebp",
                "-lossless",
                "0",
                "-quality",
                Integer.toString(WEBP_QUALITY),
                "-compression_level",
                Integer.toString(WEBP_EFFORT)));
      }
      // 0: loop forever (the WebP muxer's default is to play once)
      args.addAll(List.of("-loop", "0", "-f", muxer));
      return args;
    }
  }

  private byte[] render(
      MediaSource source, VideoInfo video, Clip clip, Encoding encoding, Path workDir)
      throws IOException, InterruptedException {
    refusePastTheEnd(video, clip);
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "animation-", "." + encoding.muxer);
    try {
      Ffmpeg.Outcome outcome =
          ffmpeg.run(arguments(source, video, clip, encoding, out), null, null);
      if (!outcome.succeeded()) {
        FrameDecoder.fail(outcome);
      }
      if (Files.size(out) == 0
          || outcome.stderrTail().stream().anyMatch(line -> line.contains(EMPTY_OUTPUT))) {
        throw new BadInputException(
            FailureReason.CORRUPT,
            "corrupt video: no frame could be decoded from " + clip.startSeconds() + " s");
      }
      return Files.readAllBytes(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The ffmpeg command line (after {@code -hide_banner -nostdin}). */
  List<String> arguments(
      MediaSource source, VideoInfo video, Clip clip, Encoding encoding, Path out)
      throws InterruptedException {
    double start = clip.startSeconds();
    List<String> args = new ArrayList<>(List.of("-nostats"));
    // in MPEG-TS an input seek may land past the keyframe needed: seek earlier, select by time
    double from = SafeSeek.seekPoint(ffmpeg, source, video, start, start);
    StringBuilder graph = new StringBuilder("[0:v:0]");
    if (from < start) {
      args.add("-noaccurate_seek");
      graph.append(SafeSeek.selectFrom(video, start)).append(',');
    }
    if (from > 0) {
      args.addAll(List.of("-ss", Timeline.plain(from)));
    }
    args.addAll(List.of("-noautorotate", "-copyts"));
    args.addAll(source.inputArguments());
    graph
        .append("setpts=PTS-STARTPTS,fps=")
        .append(clip.fps())
        // tick k shows the frame on screen at k/fps (the last one at or before it), not the
        // nearest one, which may come up to half an input frame later
        .append(":round=up")
        .append(Pictures.upright(video, clip.width()))
        .append(
            String.format(Locale.ROOT, ",trim=end_frame=%d", clip.frames(video.durationSeconds())));
    if (encoding.tail != null) {
      graph.append(',').append(encoding.tail);
    }
    graph.append("[out]");
    args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[out]"));
    args.addAll(List.of("-vsync", "passthrough"));
    args.addAll(encoding.outputOptions());
    args.addAll(List.of("-y", out.toString()));
    return args;
  }

  /** A clip that starts at or after the last frame has nothing to show. */
  private static void refusePastTheEnd(VideoInfo video, Clip clip) {
    double duration = video.durationSeconds();
    if (duration > 0 && clip.startSeconds() >= duration) {
      throw new RangePastEndException(
          String.format(
              Locale.ROOT,
              "the animation starts at %.3f s, the video ends at %.3f s",
              clip.startSeconds(),
              duration));
    }
  }
}
