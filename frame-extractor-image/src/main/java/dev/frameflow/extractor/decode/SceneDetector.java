package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Span;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds where the picture changes more than a threshold (ffmpeg's {@code select} scene score, 0 to
 * 1), without encoding anything: the first pass of the scene mode, whose frames {@link
 * PointDecoder} then takes exactly.
 *
 * <p>Faster than one ffmpeg decoding everything: the span is cut into one segment per worker,
 * decoded in parallel on one thread each (two single-threaded decoders beat one frame-threaded
 * decoder on two cores), and the decoder skips its loop filter ({@code -skip_loop_filter all}),
 * which changes the pictures by a few levels near block edges, far below any scene threshold. Each
 * segment starts decoding two seconds early, so a cut right on its border is compared with the
 * frame before it.
 */
public final class SceneDetector {

  static final double MIN_SEGMENT_SECONDS = 20;

  private static final double LEAD_SECONDS = 2;

  private final Ffmpeg ffmpeg;
  private final int workers;

  public SceneDetector(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  /** Times (seconds from the start of the video) of the frames that start a new scene, sorted. */
  public double[] changes(
      MediaSource input, VideoInfo video, Span span, double threshold, TimelineProgress progress)
      throws IOException, InterruptedException {
    List<Span> segments = span.segments(workers, MIN_SEGMENT_SECONDS);
    int threads = segments.size() >= workers ? 1 : 0;
    List<ParallelRuns.Job<List<Double>>> jobs = new ArrayList<>();
    for (Span segment : segments) {
      jobs.add(
          () -> {
            List<Double> found = segment(input, video, segment, threshold, threads);
            progress.advance(1);
            return found;
          });
    }
    TreeSet<Double> all = new TreeSet<>();
    ParallelRuns.all(jobs, workers).forEach(all::addAll);
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private List<Double> segment(
      MediaSource input, VideoInfo video, Span segment, double threshold, int threads)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-nostats"));
    if (threads > 0) {
      args.addAll(List.of("-threads", Integer.toString(threads)));
    }
    args.addAll(List.of("-skip_loop_filter", "all"));
    double seek = segment.start() - LEAD_SECONDS;
    if (seek > 0) {
      args.addAll(List.of("-noaccurate_seek", "-ss", Timeline.plain(seek)));
    }
    args.add("-copyts");
    args.addAll(input.inputArguments());
    args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
    double from = video.startSeconds() + segment.start();
    double to = video.startSeconds() + segment.end();
    args.addAll(
        List.of(
            "-vf",
            "trim=end="
                + Timeline.plain(to)
                + ",select='gt(scene\\,"
                + Timeline.plain(threshold)
                + ")*gte(t\\,"
                + Timeline.plain(from)
                + ")',showinfo"));
    if (threads > 0) {
      args.addAll(List.of("-filter_threads", Integer.toString(threads)));
    }
    args.addAll(List.of("-vsync", "passthrough", "-f", "null", "-"));
    ShowinfoLines lines = new ShowinfoLines();
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, lines::accept);
    if (!outcome.succeeded()) {
      FrameDecoder.fail(outcome);
    }
    List<Double> times = new ArrayList<>();
    for (ShowinfoLines.Frame frame : lines.frames()) {
      times.add(frame.rawSeconds() - video.startSeconds());
    }
    return times;
  }
}
