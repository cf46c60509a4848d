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

  /** The {@code showinfo} of a run's one filter chain, as ffmpeg names it. */
  private static final String SHOWINFO = "Parsed_showinfo_\\d+";

  private static Pattern timeBase(String showinfo) {
    return Pattern.compile(showinfo + " @ [^]]+\\] config in time_base: (\\d+)/(\\d+)");
  }

  private static Pattern frame(String showinfo) {
    return Pattern.compile(showinfo + " @ [^]]+\\] n:\\s*(\\d+) pts:\\s*(-?\\d+) ");
  }

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
    Decoding decoding =
        new Decoding(
            input, video, plan.timeline(), options, threadsPerRun(plan.runs().size(), workers));
    try {
      for (DecodeRun run : plan.runs()) {
        results.add(pool.submit(() -> decodeRun(decoding, run, plan.skim(), framesDir, progress)));
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

  /**
   * What every run of one decode shares: the input ffmpeg reads, and the threads of each process
   * (0: ffmpeg's choice, {@link #threadsPerRun}).
   */
  private record Decoding(
      MediaSource input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      int threads) {

    Decoding reading(MediaSource other) {
      return new Decoding(other, video, timeline, options, threads);
    }
  }

  private List<DecodedFrame> decodeRun(
      Decoding decoding,
      DecodeRun run,
      SkimParameters skim,
      Path framesDir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(runDir(framesDir, run));
    List<DecodedFrame> frames;
    if (skim != null) {
      frames = skimmed(decoding, run, skim, dir, progress);
    } else if (!run.windowed()) {
      return ffmpegRun(decoding, run, dir, progress);
    } else if (SafeSeek.needed(decoding.video())) {
      frames = windowByWindow(decoding, run, dir, progress);
    } else {
      frames = windowInputs(decoding, run, dir, progress);
    }
    decodeMissingTicks(decoding, run, frames, dir);
    frames.sort(java.util.Comparator.comparingInt(DecodedFrame::tick));
    return frames;
  }

  /**
   * A skimming run: one ffmpeg copies the GOPs the run needs, a second decodes them. Empty when the
   * data fails it: its ticks are then all missing, and decoded again.
   */
  private List<DecodedFrame> skimmed(
      Decoding decoding, DecodeRun run, SkimParameters skim, Path dir, TimelineProgress progress)
      throws IOException, InterruptedException {
    MediaSource input = decoding.input();
    VideoInfo video = decoding.video();
    Timeline timeline = decoding.timeline();
    double seek = seekPoint(decoding, run);
    List<String> copy = SkimCommand.copyArguments(input, video, timeline, run, skim, seek);
    List<String> decode =
        SkimCommand.decodeArguments(
            video, timeline, decoding.options(), run, decoding.threads(), dir);
    List<DecodedFrame> frames = new ArrayList<>();
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
              decoding,
              run,
              dir,
              progress));
    } catch (BadInputException e) {
      // A run whose GOPs were all skimmed away leaves the decoder an empty stream, which it
      // calls invalid data; whatever the cause, its ticks are decoded again below with plain
      // seeks, which say it again if the video itself is at fault.
      frames.clear();
    }
    return frames;
  }

  /**
   * The concat demuxer's inpoints seek as inexactly as -ss there: each window seeks on its own,
   * checked (SafeSeek), one process after the other.
   */
  private List<DecodedFrame> windowByWindow(
      Decoding decoding, DecodeRun run, Path dir, TimelineProgress progress)
      throws IOException, InterruptedException {
    List<DecodedFrame> frames = new ArrayList<>();
    List<int[]> windows = run.windows();
    for (int i = 0; i < windows.size(); i++) {
      DecodeRun window = new DecodeRun(run.index(), windows.get(i)[0], windows.get(i)[1]);
      Path windowDir = Files.createDirectory(dir.resolve("window-" + i));
      frames.addAll(ffmpegRun(decoding, window, windowDir, progress));
    }
    return frames;
  }

  /**
   * Every window of the run read by one ffmpeg as an input of its own ({@link
   * RunCommand#windowInputArguments}), a few windows per process.
   */
  private List<DecodedFrame> windowInputs(
      Decoding decoding, DecodeRun run, Path dir, TimelineProgress progress)
      throws IOException, InterruptedException {
    List<DecodedFrame> frames = new ArrayList<>();
    List<int[]> windows = run.windows();
    for (int from = 0; from < windows.size(); from += RunCommand.MAX_WINDOW_INPUTS) {
      List<int[]> group =
          windows.subList(from, Math.min(windows.size(), from + RunCommand.MAX_WINDOW_INPUTS));
      Path groupDir = Files.createDirectory(dir.resolve("inputs-" + from));
      List<RunReport> reports = new ArrayList<>(group.size());
      for (int i = 0; i < group.size(); i++) {
        Files.createDirectory(groupDir.resolve("window-" + i));
        reports.add(
            new RunReport(
                decoding.video(),
                decoding.timeline(),
                new DecodeRun(run.index(), group.get(i)[0], group.get(i)[1]),
                progress,
                Pattern.quote(RunCommand.windowReport(i))));
      }
      List<String> arguments =
          RunCommand.windowInputArguments(
              decoding.input(),
              decoding.video(),
              decoding.timeline(),
              decoding.options(),
              group,
              run.index(),
              decoding.threads(),
              groupDir);
      Ffmpeg.Outcome outcome =
          ffmpeg.run(
              arguments,
              null,
              line -> {
                for (RunReport report : reports) {
                  report.accept(line);
                }
              });
      if (!outcome.succeeded()) {
        fail(outcome);
      }
      for (int i = 0; i < reports.size(); i++) {
        RunReport report = reports.get(i);
        if (report.truncated) {
          throw new BadInputException(
              FailureReason.CORRUPT, "corrupt video: the file is truncated (partial file)");
        }
        frames.addAll(report.frames(groupDir.resolve("window-" + i), decoding.options()));
        report.finish();
      }
    }
    return frames;
  }

  /**
   * A tick whose frame lies past the window's outpoint or was skimmed away (the frame rate varies,
   * a GOP is longer than the index showed) is decoded again on its own, through to the next tick,
   * as a one-seek run would have; its frames are added to {@code frames}.
   */
  private void decodeMissingTicks(
      Decoding decoding, DecodeRun run, List<DecodedFrame> frames, Path dir)
      throws IOException, InterruptedException {
    List<int[]> missing = missingTicks(run, frames);
    for (int i = 0; i < missing.size(); i++) {
      DecodeRun again = new DecodeRun(run.index(), missing.get(i)[0], missing.get(i)[1]);
      Path againDir = Files.createDirectory(dir.resolve("again-" + i));
      frames.addAll(ffmpegRun(decoding, again, againDir, UNREPORTED));
    }
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
      Decoding decoding, DecodeRun run, Path dir, TimelineProgress progress)
      throws IOException, InterruptedException {
    double seek = seekPoint(decoding, run);
    List<String> arguments =
        RunCommand.arguments(
            decoding.input(),
            decoding.video(),
            decoding.timeline(),
            decoding.options(),
            run,
            decoding.threads(),
            dir,
            seek);
    return ffmpegRun(stderr -> ffmpeg.run(arguments, null, stderr), decoding, run, dir, progress);
  }

  /** Starts the ffmpeg process(es) of a run, handing the decoding one's stderr lines on. */
  @FunctionalInterface
  private interface Launch {
    Ffmpeg.Outcome run(java.util.function.Consumer<String> stderr) throws InterruptedException;
  }

  /** The frames of a run whose ffmpeg writes them to {@code dir} and reports them on stderr. */
  private List<DecodedFrame> ffmpegRun(
      Launch launch, Decoding decoding, DecodeRun run, Path dir, TimelineProgress progress)
      throws IOException, InterruptedException {
    RunReport report = new RunReport(decoding.video(), decoding.timeline(), run, progress);
    Ffmpeg.Outcome outcome = launch.run(report);
    if (!outcome.succeeded()) {
      fail(outcome);
    }
    if (report.truncated) {
      throw new BadInputException(
          FailureReason.CORRUPT, "corrupt video: the file is truncated (partial file)");
    }
    List<DecodedFrame> frames = report.frames(dir, decoding.options());
    report.finish();
    return frames;
  }

  /**
   * What a run's ffmpeg reports on stderr: its time base, each frame's pts and keyframe flag, and
   * whether its input was cut short. Progress advances as the frames come, up to the tick each
   * reaches.
   */
  private static final class RunReport implements java.util.function.Consumer<String> {
    private final VideoInfo video;
    private final Timeline timeline;
    private final DecodeRun run;
    private final TimelineProgress progress;
    private final double offset;
    private final long[] timeBase = {1, 1};
    private final List<Long> pts = new ArrayList<>();
    private final java.util.BitSet keyframes = new java.util.BitSet();
    private final AtomicInteger accounted = new AtomicInteger();
    private final Pattern frame;
    private final Pattern timeBasePattern;
    private boolean truncated;

    RunReport(VideoInfo video, Timeline timeline, DecodeRun run, TimelineProgress progress) {
      this(video, timeline, run, progress, SHOWINFO);
    }

    /** The report of the {@code showinfo} instance whose name matches {@code showinfo}. */
    RunReport(
        VideoInfo video,
        Timeline timeline,
        DecodeRun run,
        TimelineProgress progress,
        String showinfo) {
      this.frame = frame(showinfo);
      this.timeBasePattern = timeBase(showinfo);
      this.video = video;
      this.timeline = timeline;
      this.run = run;
      this.progress = progress;
      this.offset = RunCommand.timestampOffset(video, timeline, run);
    }

    @Override
    public void accept(String line) {
      Matcher frame = this.frame.matcher(line);
      if (frame.find()) {
        pts.add(Long.parseLong(frame.group(2)));
        keyframes.set(pts.size() - 1, line.contains(" iskey:1 "));
        long tick = tick(seconds(pts.get(pts.size() - 1)));
        int done = (int) (tick - run.firstTick() + 1);
        int before = accounted.get();
        if (done > before) {
          accounted.set(done);
          progress.advance(done - before);
        }
        return;
      }
      Matcher tb = timeBasePattern.matcher(line);
      if (tb.find()) {
        timeBase[0] = Long.parseLong(tb.group(1));
        timeBase[1] = Long.parseLong(tb.group(2));
      } else if (line.contains("partial file")) {
        truncated = true;
      }
    }

    /** The reported frames, each checked to be in {@code dir}. */
    List<DecodedFrame> frames(Path dir, ExtractionOptions options) throws IOException {
      List<DecodedFrame> frames = new ArrayList<>(pts.size());
      for (int n = 0; n < pts.size(); n++) {
        Path file =
            dir.resolve(String.format(Locale.ROOT, "%06d.%s", n, options.format().extension()));
        if (!Files.isRegularFile(file)) {
          throw new IOException("ffmpeg reported frame " + n + " but wrote no " + file);
        }
        double seconds = seconds(pts.get(n));
        frames.add(new DecodedFrame(file, seconds, (int) tick(seconds), keyframes.get(n)));
      }
      return frames;
    }

    /** The run is done: the ticks no frame reached count as well. */
    void finish() {
      progress.advance(Math.max(0, run.ticks() - accounted.get()));
    }

    private double seconds(long pts) {
      return pts * (double) timeBase[0] / timeBase[1] + offset - video.startSeconds();
    }

    /** The tick a frame at {@code seconds} serves, within the run's. */
    private long tick(double seconds) {
      return Math.max(run.firstTick(), Math.min(run.endTick() - 1, timeline.tickOf(seconds)));
    }
  }

  /**
   * ffmpeg failed on a file the probe accepted. Being killed or lacking resources is transient;
   * anything else is the data (corrupt input, or one that crashes this ffmpeg): never worth a
   * retry.
   */
  public static void fail(Ffmpeg.Outcome outcome) throws IOException {
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
  private double seekPoint(Decoding decoding, DecodeRun run) throws InterruptedException {
    return SafeSeek.seekPoint(
        ffmpeg,
        decoding.input(),
        decoding.video(),
        decoding.timeline().time(run.firstTick()),
        decoding.timeline().windowStart(run.firstTick()));
  }
}
