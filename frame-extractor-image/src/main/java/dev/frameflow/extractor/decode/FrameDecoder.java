package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.SkimParameters;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                        plan.skim(),
                        threads,
                        framesDir,
                        progress)));
      }
      for (int i = 0; i < results.size(); i++) {
        List<DecodedFrame> frames = ParallelRuns.await(results.get(i));
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

  private List<DecodedFrame> decodeRun(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      SkimParameters skim,
      int threads,
      Path framesDir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(runDir(framesDir, run));
    List<DecodedFrame> frames;
    if (skim != null) {
      double seek = seekPoint(input, video, timeline, run);
      List<String> copy = SkimCommand.copyArguments(input, video, timeline, run, skim, seek);
      List<String> decode =
          SkimCommand.decodeArguments(video, timeline, options, run, threads, dir);
      frames = new ArrayList<>();
      try {
        frames.addAll(
            ffmpegRun(
                stderr -> {
                  Ffmpeg.PipelineOutcome both = ffmpeg.runPipeline(copy, decode, stderr);
                  // a decoder starved by a failed reader: the reader's error is the cause
                  return !both.consumer().succeeded() && both.producerFailed()
                      ? both.producer()
                      : both.consumer();
                },
                video,
                timeline,
                options,
                run,
                dir,
                progress));
      } catch (BadInputException e) {
        // A run whose GOPs were all skimmed away leaves the decoder an empty stream, which it
        // calls invalid data; whatever the cause, its ticks are decoded again below with plain
        // seeks, which say it again if the video itself is at fault.
        frames.clear();
      }
    } else if (!run.windowed()) {
      return ffmpegRun(input, video, timeline, options, run, threads, dir, progress);
    } else if (SafeSeek.needed(video)) {
      // the concat demuxer's inpoints seek as inexactly as -ss there: each window seeks on its own,
      // checked (SafeSeek), one process after the other
      frames = new ArrayList<>();
      List<int[]> windows = run.windows();
      for (int i = 0; i < windows.size(); i++) {
        DecodeRun window = new DecodeRun(run.index(), windows.get(i)[0], windows.get(i)[1]);
        Path windowDir = Files.createDirectory(dir.resolve("window-" + i));
        frames.addAll(
            ffmpegRun(input, video, timeline, options, window, threads, windowDir, progress));
      }
    } else {
      Path script = dir.resolve("windows.ffconcat");
      Files.writeString(script, RunCommand.concatScript(input, video, timeline, run));
      frames =
          new ArrayList<>(
              ffmpegRun(
                  input.concatScript(script),
                  video,
                  timeline,
                  options,
                  run,
                  threads,
                  dir,
                  progress));
      Files.delete(script);
    }
    // A tick whose frame lies past the window's outpoint or was skimmed away (the frame rate
    // varies, a GOP is longer than the index showed) is decoded again on its own, through to the
    // next tick, as a one-seek run would have.
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
    double seek = seekPoint(input, video, timeline, run);
    List<String> arguments =
        RunCommand.arguments(input, video, timeline, options, run, threads, dir, seek);
    return ffmpegRun(
        stderr -> ffmpeg.run(arguments, null, stderr),
        video,
        timeline,
        options,
        run,
        dir,
        progress);
  }

  /** Starts the ffmpeg process(es) of a run, handing the decoding one's stderr lines on. */
  @FunctionalInterface
  private interface Launch {
    Ffmpeg.Outcome run(java.util.function.Consumer<String> stderr) throws InterruptedException;
  }

  /** The frames of a run whose ffmpeg writes them to {@code dir} and reports them on stderr. */
  private List<DecodedFrame> ffmpegRun(
      Launch launch,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
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
        launch.run(
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
    Workspace.deleteTree(runDir(framesDir, run));
  }

  /** Where a run that seeks once starts reading: its first tick's, made safe ({@link SafeSeek}). */
  private double seekPoint(MediaSource input, VideoInfo video, Timeline timeline, DecodeRun run)
      throws InterruptedException {
    return SafeSeek.seekPoint(
        ffmpeg,
        input,
        video,
        timeline.time(run.firstTick()),
        timeline.windowStart(run.firstTick()));
  }
}
