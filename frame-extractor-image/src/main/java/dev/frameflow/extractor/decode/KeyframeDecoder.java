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
 * <p>Two cases decode in full, and {@link Result#fullDecode()} says so (the manifest with it):
 *
 * <ul>
 *   <li>a decoder that ignores {@code -skip_frame} (ffmpeg 5.1's VP9 and AV1 decoders) decodes
 *       every frame: a filter counts what was decoded, and the selection keeps the frames the
 *       decoder flags as keyframes, so the frames are right and the manifest tells the cost;
 *   <li>where the skipping run yields nothing at all (a stream whose pictures the decoder never
 *       calls keyframes: no IDR picture, no recovery point, an index that marks no sync sample),
 *       the span is decoded again in full and the frames coded as intra pictures are kept.
 * </ul>
 */
public final class KeyframeDecoder {

  /** Segments per worker: more balance the load, each costs a process start and a seek. */
  static final int SEGMENTS_PER_WORKER = 2;

  /** Shortest segment worth a process of its own, in seconds of video. */
  static final double MIN_SEGMENT_SECONDS = 10;

  /** The keyframes and how they were found. */
  public record Result(List<PickedFrame> frames, boolean fullDecode) {}

  /** What one segment's ffmpeg gave: its frames, and whether it decoded anything but keyframes. */
  private record Segment(List<PickedFrame> frames, boolean decodedOthers) {}

  /**
   * The first filter of a skipping run: reports every picture the decoder hands on (no checksum),
   * under its own name so that {@link ShowinfoLines} does not count it as an output frame.
   */
  static final String DECODED_FILTER = "showinfo@decoded";

  private final Ffmpeg ffmpeg;
  private final int workers;

  public KeyframeDecoder(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  /**
   * The span's segments: two per worker, taken in turn, so that a worker whose segment ends early
   * (fewer or simpler keyframes, a core shared with other work) takes the next and both stay busy
   * to the end. One progress step each.
   */
  public static List<Span> segments(Span span, int workers) {
    return span.segments(SEGMENTS_PER_WORKER * workers, MIN_SEGMENT_SECONDS);
  }

  public Result decode(
      MediaSource input,
      VideoInfo video,
      Span span,
      ExtractionOptions options,
      Path dir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    List<Span> segments = segments(span, workers);
    int threads = segments.size() >= workers ? 1 : 0;
    List<ParallelRuns.Job<Segment>> jobs = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Span segment = segments.get(i);
      Path segmentDir = Files.createDirectories(dir.resolve("keyframes-" + i));
      jobs.add(
          () -> {
            Segment frames = segment(input, video, segment, options, threads, segmentDir, true);
            progress.advance(1);
            return frames;
          });
    }
    List<PickedFrame> all = new ArrayList<>();
    boolean decodedOthers = false;
    for (Segment segment : ParallelRuns.all(jobs, workers)) {
      all.addAll(segment.frames());
      decodedOthers |= segment.decodedOthers();
    }
    if (!all.isEmpty()) {
      return new Result(all, decodedOthers);
    }
    Path fullDir = Files.createDirectories(dir.resolve("keyframes-full"));
    return new Result(segment(input, video, span, options, 0, fullDir, false).frames(), true);
  }

  private Segment segment(
      MediaSource input,
      VideoInfo video,
      Span segment,
      ExtractionOptions options,
      int threads,
      Path dir,
      boolean skipNonKey)
      throws IOException, InterruptedException {
    List<String> args = arguments(input, video, segment, options, threads, dir, skipNonKey);
    ShowinfoLines lines = new ShowinfoLines();
    boolean[] decodedOthers = {false};
    String decoded = "[" + DECODED_FILTER + " @ ";
    Ffmpeg.Outcome outcome =
        ffmpeg.run(
            args,
            null,
            line -> {
              if (line.contains(decoded)) {
                decodedOthers[0] |= line.contains(" iskey:0 ");
              } else {
                lines.accept(line);
              }
            });
    if (!outcome.succeeded()) {
      if (skipNonKey && lines.frames().isEmpty() && !outcome.killed() && !outcome.crashed()) {
        // nothing reached the encoder, so ffmpeg calls the conversion failed: a segment without a
        // keyframe the decoder knows (a GOP longer than the segment, or none signalled at all).
        // If the video itself is at fault, the full decode after an empty result says so.
        return new Segment(List.of(), decodedOthers[0]);
      }
      FrameDecoder.fail(outcome);
    }
    return new Segment(written(lines, video, options, dir), decodedOthers[0]);
  }

  /** The segment's ffmpeg command line, after {@code ffmpeg}. */
  private static List<String> arguments(
      MediaSource input,
      VideoInfo video,
      Span segment,
      ExtractionOptions options,
      int threads,
      Path dir,
      boolean skipNonKey) {
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
    double to = video.startSeconds() + segment.end();
    args.addAll(
        List.of(
            "-vf",
            (skipNonKey ? DECODED_FILTER + "=checksum=0," : "")
                + "trim=end="
                + Timeline.plain(to)
                + ","
                + select(video.startSeconds() + segment.start(), to, skipNonKey)
                + Pictures.upright(video, options.width())
                + ",showinfo=checksum=0"));
    if (threads > 0) {
      args.addAll(List.of("-filter_threads", Integer.toString(threads)));
    }
    args.addAll(List.of("-vsync", "passthrough"));
    args.addAll(FrameEncoding.arguments(options));
    args.addAll(List.of("-f", "image2", "-start_number", "0"));
    args.add(dir.resolve("%06d." + options.format().extension()).toString());
    return args;
  }

  /** The select filter keeping the keyframes whose time is in {@code [from, to)}. */
  private static String select(double from, double to, boolean skipNonKey) {
    return "select='gte(t\\,"
        + Timeline.plain(from - 0.0005)
        + ")*lt(t\\,"
        + Timeline.plain(to - 0.0005)
        + ")"
        // the decoder's keyframes (all it hands on, unless it ignores -skip_frame); in full,
        // the intra pictures
        + (skipNonKey ? "*key" : "*eq(pict_type\\,I)")
        + "'";
  }

  /** The frames ffmpeg reported, each checked to be on disk. */
  private static List<PickedFrame> written(
      ShowinfoLines lines, VideoInfo video, ExtractionOptions options, Path dir)
      throws IOException {
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
