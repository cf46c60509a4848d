package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the plan's ffmpeg processes, {@code workers} at a time, and hands their frames to a sink in
 * timeline order on the calling thread (so the ZIP is written while later runs still decode).
 */
public final class FrameDecoder {

  private static final Pattern TIME_BASE =
      Pattern.compile("Parsed_showinfo_\\d+ @ [^]]+\\] config in time_base: (\\d+)/(\\d+)");
  private static final Pattern FRAME =
      Pattern.compile("Parsed_showinfo_\\d+ @ [^]]+\\] n:\\s*(\\d+) pts:\\s*(-?\\d+) ");

  /** Progress of ticks already counted by the run they belong to. */
  private static final TimelineProgress UNREPORTED =
      new TimelineProgress(1, dev.frameflow.extractor.ProgressListener.NONE);

  private final Ffmpeg ffmpeg;
  private final int workers;

  public FrameDecoder(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  /** Receives the frames of one run, in timeline order; the files are deleted afterwards. */
  @FunctionalInterface
  public interface FrameSink {
    void accept(List<DecodedFrame> frames) throws IOException;
  }

  public void decode(
      MediaSource input,
      VideoInfo video,
      SamplingPlan plan,
      ExtractionOptions options,
      Path framesDir,
      FrameSink sink,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(workers, plan.runs().size()),
            task -> {
              Thread thread = new Thread(task, "ffmpeg-run");
              thread.setDaemon(true);
              return thread;
            });
    List<Future<List<DecodedFrame>>> results = new ArrayList<>(plan.runs().size());
    int threads = threadsPerRun(plan.runs().size(), workers);
    try {
      for (DecodeRun run : plan.runs()) {
        results.add(
            pool.submit(
                () ->
                    decodeRun(
                        input,
                        video,
                        plan.timeline(),
                        options,
                        run,
                        threads,
                        framesDir,
                        progress)));
      }
      for (int i = 0; i < results.size(); i++) {
        List<DecodedFrame> frames = await(results.get(i));
        sink.accept(frames);
        deleteRunDir(framesDir, plan.runs().get(i));
      }
    } finally {
      // on failure: stop the other runs (interrupting a run kills its ffmpeg)
      pool.shutdownNow();
      pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * When the runs alone keep every worker busy, each ffmpeg decodes, filters and encodes on one
   * thread; otherwise (0) ffmpeg picks its own thread count. Measured on 1080p H.264 with 2 cores:
   * two single-threaded processes decode 22% faster than one with frame threads and 7% faster than
   * two with them, which oversubscribe the cores and pay for the threading.
   */
  static int threadsPerRun(int runs, int workers) {
    return runs >= workers ? 1 : 0;
  }

  private static List<DecodedFrame> await(Future<List<DecodedFrame>> result)
      throws IOException, InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IOException(cause);
    }
  }

  private List<DecodedFrame> decodeRun(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      int threads,
      Path framesDir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(runDir(framesDir, run));
    if (!run.windowed()) {
      return ffmpegRun(input, video, timeline, options, run, threads, dir, progress);
    }
    Path script = dir.resolve("windows.ffconcat");
    Files.writeString(script, RunCommand.concatScript(input, video, timeline, run));
    List<DecodedFrame> frames =
        new ArrayList<>(
            ffmpegRun(
                input.concatScript(script), video, timeline, options, run, threads, dir, progress));
    Files.delete(script);
    // A tick whose frame lies past the window's outpoint (the frame rate varies) is decoded again
    // on its own, through to the next tick, as a one-seek run would have.
    List<int[]> missing = missingTicks(run, frames);
    for (int i = 0; i < missing.size(); i++) {
      DecodeRun again = new DecodeRun(run.index(), missing.get(i)[0], missing.get(i)[1]);
      Path againDir = Files.createDirectory(dir.resolve("again-" + i));
      frames.addAll(
          ffmpegRun(input, video, timeline, options, again, threads, againDir, UNREPORTED));
    }
    frames.sort(java.util.Comparator.comparingInt(DecodedFrame::tick));
    return frames;
  }

  /** The ranges of the run's ticks that got no frame. */
  static List<int[]> missingTicks(DecodeRun run, List<DecodedFrame> frames) {
    boolean[] served = new boolean[run.ticks()];
    for (DecodedFrame frame : frames) {
      served[frame.tick() - run.firstTick()] = true;
    }
    List<int[]> missing = new ArrayList<>();
    for (int k = 0; k < served.length; k++) {
      if (!served[k]) {
        int from = k;
        while (k + 1 < served.length && !served[k + 1]) {
          k++;
        }
        missing.add(new int[] {run.firstTick() + from, run.firstTick() + k + 1});
      }
    }
    return missing;
  }

  /** One ffmpeg process: the run's frames, named in {@code dir} in timeline order. */
  private List<DecodedFrame> ffmpegRun(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      int threads,
      Path dir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    double offset = RunCommand.timestampOffset(video, timeline, run);
    long[] timeBase = {1, 1};
    List<Long> pts = new ArrayList<>();
    java.util.BitSet keyframes = new java.util.BitSet();
    AtomicInteger accounted = new AtomicInteger();
    boolean[] truncated = {false};
    Ffmpeg.Outcome outcome =
        ffmpeg.run(
            RunCommand.arguments(input, video, timeline, options, run, threads, dir),
            null,
            line -> {
              Matcher frame = FRAME.matcher(line);
              if (frame.find()) {
                pts.add(Long.parseLong(frame.group(2)));
                keyframes.set(pts.size() - 1, line.contains(" iskey:1 "));
                double seconds = seconds(pts.get(pts.size() - 1), timeBase, video, offset);
                long tick =
                    Math.max(
                        run.firstTick(), Math.min(run.endTick() - 1, timeline.tickOf(seconds)));
                int done = (int) (tick - run.firstTick() + 1);
                int before = accounted.get();
                if (done > before) {
                  accounted.set(done);
                  progress.advance(done - before);
                }
                return;
              }
              Matcher tb = TIME_BASE.matcher(line);
              if (tb.find()) {
                timeBase[0] = Long.parseLong(tb.group(1));
                timeBase[1] = Long.parseLong(tb.group(2));
              } else if (line.contains("partial file")) {
                truncated[0] = true;
              }
            });
    if (!outcome.succeeded()) {
      fail(outcome);
    }
    if (truncated[0]) {
      throw new BadInputException(
          FailureReason.CORRUPT, "corrupt video: the file is truncated (partial file)");
    }
    List<DecodedFrame> frames = new ArrayList<>(pts.size());
    for (int n = 0; n < pts.size(); n++) {
      Path file =
          dir.resolve(String.format(Locale.ROOT, "%06d.%s", n, options.format().extension()));
      if (!Files.isRegularFile(file)) {
        throw new IOException("ffmpeg reported frame " + n + " but wrote no " + file);
      }
      double seconds = seconds(pts.get(n), timeBase, video, offset);
      int tick =
          (int) Math.max(run.firstTick(), Math.min(run.endTick() - 1, timeline.tickOf(seconds)));
      frames.add(new DecodedFrame(file, seconds, tick, keyframes.get(n)));
    }
    progress.advance(Math.max(0, run.ticks() - accounted.get()));
    return frames;
  }

  private static double seconds(long pts, long[] timeBase, VideoInfo video, double offset) {
    return pts * (double) timeBase[0] / timeBase[1] + offset - video.startSeconds();
  }

  /**
   * ffmpeg failed on a file the probe accepted. Being killed or lacking resources is transient;
   * anything else is the data (corrupt input, or one that crashes this ffmpeg): never worth a
   * retry.
   */
  static void fail(Ffmpeg.Outcome outcome) throws IOException {
    String all = String.join("\n", outcome.stderrTail());
    if (outcome.crashed()) {
      throw new BadInputException(
          FailureReason.UNDECODABLE, outcome.crashDescription() + " decoding the video");
    }
    if (outcome.killed()
        || outcome.exitCode() < 0
        || all.contains("No space left on device")
        || all.contains("Cannot allocate memory")
        || all.contains("Resource temporarily unavailable")
        || all.contains("Permission denied")
        // reading a URL: expired, refused or cut off is the network's fault, not the video's
        || all.contains("HTTP error")
        || all.contains("Server returned")
        || all.contains("Connection refused")
        || all.contains("Connection reset")
        || all.contains("Connection timed out")) {
      throw new IOException(
          "ffmpeg failed (exit " + outcome.exitCode() + "): " + outcome.lastError());
    }
    throw new BadInputException(FailureReason.CORRUPT, "corrupt video: " + outcome.lastError());
  }

  private static Path runDir(Path framesDir, DecodeRun run) {
    return framesDir.resolve(String.format(Locale.ROOT, "run-%06d", run.index()));
  }

  private static void deleteRunDir(Path framesDir, DecodeRun run) throws IOException {
    try (var paths = Files.walk(runDir(framesDir, run))) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
