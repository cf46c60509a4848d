package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Span;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The keyframes of a span, decoded without decoding anything else: the decoder is told to skip
 * every frame but keyframes ({@code -skip_frame nokey}), so it never reconstructs a predicted
 * frame. The span is cut into one segment per worker, decoded in parallel; each segment seeks a
 * little before its start and keeps the keyframes in {@code [start, end)} of its own, so that none
 * is lost or repeated at a border.
 *
 * <p>Where that yields nothing (a codec or container whose packets carry no usable keyframe
 * information, so the decoder skips everything) the span is decoded in full and the frames coded as
 * intra pictures are kept: {@link Result#fullDecode()} says so, and the manifest with it.
 */
public final class KeyframeDecoder {

  /** Shortest segment worth a process of its own, in seconds of video. */
  static final double MIN_SEGMENT_SECONDS = 10;

  /** The keyframes and how they were found. */
  public record Result(List<PickedFrame> frames, boolean fullDecode) {}

  private final Ffmpeg ffmpeg;
  private final int workers;

  public KeyframeDecoder(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  public Result decode(
      MediaSource input,
      VideoInfo video,
      Span span,
      ExtractionOptions options,
      Path dir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    List<Span> segments = span.segments(workers, MIN_SEGMENT_SECONDS);
    int threads = segments.size() >= workers ? 1 : 0;
    List<ParallelRuns.Job<List<PickedFrame>>> jobs = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Span segment = segments.get(i);
      Path segmentDir = Files.createDirectories(dir.resolve("keyframes-" + i));
      jobs.add(
          () -> {
            List<PickedFrame> frames =
                segment(input, video, segment, options, threads, segmentDir, true);
            progress.advance(1);
            return frames;
          });
    }
    List<PickedFrame> all = new ArrayList<>();
    for (List<PickedFrame> frames : ParallelRuns.all(jobs, workers)) {
      all.addAll(frames);
    }
    if (!all.isEmpty()) {
      return new Result(all, false);
    }
    Path fullDir = Files.createDirectories(dir.resolve("keyframes-full"));
    return new Result(segment(input, video, span, options, 0, fullDir, false), true);
  }

  private List<PickedFrame> segment(
      MediaSource input,
      VideoInfo video,
      Span segment,
      ExtractionOptions options,
      int threads,
      Path dir,
      boolean skipNonKey)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-nostats"));
    if (threads > 0) {
      args.addAll(List.of("-threads", Integer.toString(threads)));
    }
    if (skipNonKey) {
      args.addAll(List.of("-skip_frame", "nokey"));
    }
    // a second early, so that a keyframe right on the border is decoded by this segment
    double seek = segment.start() - 1;
    if (seek > 0) {
      args.addAll(List.of("-noaccurate_seek", "-ss", Timeline.plain(seek)));
    }
    args.addAll(List.of("-noautorotate", "-copyts"));
    args.addAll(input.inputArguments());
    args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
    double from = video.startSeconds() + segment.start();
    double to = video.startSeconds() + segment.end();
    String select =
        "select='gte(t\\,"
            + Timeline.plain(from - 0.0005)
            + ")*lt(t\\,"
            + Timeline.plain(to - 0.0005)
            + ")"
            + (skipNonKey ? "" : "*eq(pict_type\\,I)")
            + "'";
    args.addAll(
        List.of(
            "-vf",
            "trim=end="
                + Timeline.plain(to)
                + ","
                + select
                + Pictures.upright(video, options.width())
                + ",showinfo"));
    if (threads > 0) {
      args.addAll(List.of("-filter_threads", Integer.toString(threads)));
    }
    args.addAll(List.of("-vsync", "passthrough"));
    args.addAll(FrameEncoding.arguments(options));
    args.addAll(List.of("-f", "image2", "-start_number", "0"));
    args.add(dir.resolve("%06d." + options.format().extension()).toString());
    ShowinfoLines lines = new ShowinfoLines();
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, lines::accept);
    if (!outcome.succeeded()) {
      FrameDecoder.fail(outcome);
    }
    List<PickedFrame> frames = new ArrayList<>(lines.frames().size());
    for (int n = 0; n < lines.frames().size(); n++) {
      Path file =
          dir.resolve(String.format(Locale.ROOT, "%06d.%s", n, options.format().extension()));
      if (!Files.isRegularFile(file)) {
        throw new IOException("ffmpeg reported frame " + n + " but wrote no " + file);
      }
      double seconds = lines.frames().get(n).rawSeconds() - video.startSeconds();
      frames.add(new PickedFrame(file, seconds, seconds, true));
    }
    return frames;
  }
}
