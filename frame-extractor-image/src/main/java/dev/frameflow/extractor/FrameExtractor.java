package dev.frameflow.extractor;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.animation.ExtractionPreview;
import dev.frameflow.extractor.decode.DecodedFrame;
import dev.frameflow.extractor.decode.FrameDecoder;
import dev.frameflow.extractor.decode.KeyframeIndexer;
import dev.frameflow.extractor.decode.PickedFrame;
import dev.frameflow.extractor.decode.ProbeAhead;
import dev.frameflow.extractor.decode.TimelineProgress;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Planner;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.Strategy;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.sheet.ContactSheet;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.storage.ZipDestination;
import dev.frameflow.extractor.storyboard.StoryboardLayout;
import dev.frameflow.extractor.storyboard.StoryboardMaker;
import dev.frameflow.extractor.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns one video into a ZIP of frames: fetch → probe (and refuse what is not a valid video within
 * the limits) → plan (dense or sparse) → decode in parallel ffmpeg processes → stream the frames,
 * in order, into the ZIP at the output → manifest. The private work directory is deleted whatever
 * happens.
 *
 * <p>Thread-safe: one instance may run several extractions at once (each uses up to {@code
 * limits.parallelism()} ffmpeg processes).
 */
public final class FrameExtractor {

  private final ObjectStore store;
  private final ExtractorLimits limits;
  private final Ffmpeg ffmpeg;
  private final Phases phases;
  private final ProbeAhead probeAhead;

  /**
   * With the ffmpeg on the PATH, else JAVE2's bundled one. {@code s3} may be null when only local
   * files and URLs are used.
   */
  public FrameExtractor(S3Client s3, ExtractorLimits limits) {
    this(s3, limits, Ffmpeg.preferInstalled());
  }

  public FrameExtractor(S3Client s3, ExtractorLimits limits, Ffmpeg ffmpeg) {
    this(new ObjectStore(s3), limits, ffmpeg);
  }

  /** With a configured store (e.g. another S3 part size). */
  public static FrameExtractor withStore(ObjectStore store, ExtractorLimits limits, Ffmpeg ffmpeg) {
    return new FrameExtractor(store, limits, ffmpeg);
  }

  private FrameExtractor(ObjectStore store, ExtractorLimits limits, Ffmpeg ffmpeg) {
    this(store, limits, ffmpeg, Phases.NONE, null);
  }

  private FrameExtractor(
      ObjectStore store,
      ExtractorLimits limits,
      Ffmpeg ffmpeg,
      Phases phases,
      ProbeAhead probeAhead) {
    this.store = store;
    this.limits = limits;
    this.ffmpeg = ffmpeg;
    this.phases = phases;
    this.probeAhead = probeAhead;
  }

  /** This extractor with its phases as spans of {@code phases}' tracer (the CLI's, in a Job). */
  public FrameExtractor traced(Phases phases) {
    return new FrameExtractor(store, limits, ffmpeg, phases, probeAhead);
  }

  /**
   * This extractor taking the probe (and keyframe index) of its source from {@code probeAhead} when
   * that one was started for it (null: none); for one extraction (a CLI run).
   */
  public FrameExtractor probedAhead(ProbeAhead probeAhead) {
    return new FrameExtractor(store, limits, ffmpeg, phases, probeAhead);
  }

  /**
   * The pipeline: open the source → probe and plan → decode the frames into the ZIP → the
   * storyboard, contact sheet, preview and manifest → commit the upload. The workspace (and the
   * relay) end whatever happens.
   *
   * @throws BadInputException the video can never be processed as asked (permanent)
   * @throws IOException storage or disk trouble (transient)
   */
  public ExtractionResult extract(ExtractionRequest request, ProgressListener progress)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    try (Workspace workspace = Workspace.create(request.workDir(), "extract-")) {
      try {
        MediaSource readable =
            phases.run(Phases.OPEN, () -> workspace.openRelayed(store, request.source()));
        Planned planned =
            phases.run(Phases.INDEX, () -> probeAndPlan(workspace, readable, request.options()));
        Written written = writeAndUpload(request, workspace, planned, listener);
        written.progress().finish();
        return new ExtractionResult(
            written.frames(),
            request.output(),
            written.bytes(),
            planned.video().durationSeconds(),
            (System.nanoTime() - started) / 1_000_000);
      } catch (BadInputException e) {
        throw workspace.blame(e);
      }
    }
  }

  /**
   * What the probe found and how the frames are taken.
   *
   * @param indexed the source with the probe's demuxer (ffmpeg is told which one from here on)
   * @param plan the steady rate's plan; null for a mode that finds its own frames ({@link
   *     ModeSampling})
   * @param input what the frames are decoded from
   */
  private record Planned(
      VideoInfo video, MediaSource indexed, SamplingPlan plan, MediaSource input) {}

  /** The ZIP as uploaded, and the progress that says 100 % once it is. */
  private record Written(int frames, long bytes, TimelineProgress progress) {}

  /** Probes the source, refuses a video over the limits, and plans the frames. */
  private Planned probeAndPlan(Workspace workspace, MediaSource readable, ExtractionOptions options)
      throws IOException, InterruptedException {
    KeyframeIndexer.Probed ahead = probeAhead == null ? null : probeAhead.take(readable);
    if (ModeSampling.handles(options.mode())) {
      VideoInfo video = ahead != null ? ahead.video() : new VideoProbe(ffmpeg).probe(readable);
      checkLimits(video);
      MediaSource indexed = readable.withDemuxer(video.demuxer());
      return new Planned(video, indexed, null, indexed);
    }
    // a steady plan needs the keyframe index: read in the probe's run (a local file's may have
    // been read ahead: then there is no relay to read ahead for)
    KeyframeIndexer indexer = new KeyframeIndexer(ffmpeg);
    KeyframeIndexer.Probed probed = ahead != null ? ahead : indexer.probeAndIndex(readable);
    VideoInfo video = probed.video();
    checkLimits(video);
    MediaSource indexed = readable.withDemuxer(video.demuxer());
    workspace.readAhead(indexer.windowBytes());
    SamplingPlan plan =
        new Planner(limits.parallelism(), workspace.source().isLocal(), limits.skimming())
            .plan(video, options, probed.keyframes());
    MediaSource input =
        plan.strategy() == Strategy.SPARSE
            ? indexed
            : workspace.streamed(store).withDemuxer(video.demuxer());
    return new Planned(video, indexed, plan, input);
  }

  /**
   * Streams the ZIP to the output as it is written and commits it; on any failure the upload is
   * aborted (the partial ZIP discarded).
   */
  private Written writeAndUpload(
      ExtractionRequest request, Workspace workspace, Planned planned, ProgressListener listener)
      throws IOException, InterruptedException {
    ExtractionOptions options = request.options();
    Path framesDir = workspace.newDirectory("frames");
    ZipDestination destination = store.open(request.output());
    ContactSheet sheet =
        options.wantsContactSheet()
            ? new ContactSheet(pictureReader(options, workspace.dir()))
            : null;
    try {
      FrameZip zip = new FrameZip(destination.stream(), options, sheet);
      Decoded decoded =
          phases.run(
              Phases.DECODE,
              () -> decodeFrames(workspace, planned, options, framesDir, zip, listener));
      zip.requireFrames();
      phases.run(
          Phases.ZIP,
          () -> {
            if (options.storyboard() != null) {
              zip.addStoryboard(makeStoryboard(workspace, planned, options));
            }
            zip.addContactSheet(workspace.dir());
            if (options.wantsPreview()) {
              zip.addPreview(renderPreview(workspace, planned, options));
            }
            zip.finish(request.source().toString(), planned.video(), decoded.strategy());
            return null;
          });
      long bytes = phases.run(Phases.UPLOAD, destination::commit);
      return new Written(zip.frames(), bytes, decoded.progress());
    } catch (IOException | RuntimeException | InterruptedException | Error e) {
      destination.abort();
      throw e;
    }
  }

  /** How the frames were found (for the manifest), and the progress to finish. */
  private record Decoded(String strategy, TimelineProgress progress) {}

  /** Decodes the planned frames, in order, into the ZIP. */
  private Decoded decodeFrames(
      Workspace workspace,
      Planned planned,
      ExtractionOptions options,
      Path framesDir,
      FrameZip zip,
      ProgressListener listener)
      throws IOException, InterruptedException {
    if (planned.plan() == null) {
      return sampleMode(planned, options, framesDir, zip, listener);
    }
    SamplingPlan plan = planned.plan();
    TimelineProgress timeline = new TimelineProgress(plan.timeline().count(), listener);
    new FrameDecoder(ffmpeg, decoders(plan, workspace.source()))
        .decode(
            planned.input(),
            planned.video(),
            plan,
            options,
            framesDir,
            frames -> {
              for (DecodedFrame frame : frames) {
                zip.add(
                    frame.file(),
                    frame.timestamp(),
                    plan.timeline().time(frame.tick()),
                    frame.keyframe());
              }
              listener.onFramesWritten(zip.frames());
            },
            timeline);
    return new Decoded(plan.strategy().name().toLowerCase(Locale.ROOT), timeline);
  }

  /** The frames of a mode that finds its own (timestamps, keyframes, scenes). */
  private Decoded sampleMode(
      Planned planned,
      ExtractionOptions options,
      Path framesDir,
      FrameZip zip,
      ProgressListener listener)
      throws IOException, InterruptedException {
    // the modes report their own progress; this one only says 100 % at the end
    TimelineProgress timeline = new TimelineProgress(1, listener);
    ModeSampling.Picked picked =
        new ModeSampling(ffmpeg, limits.parallelism())
            .sample(planned.input(), planned.video(), options, framesDir, listener);
    for (PickedFrame frame : picked.frames()) {
      zip.add(frame.file(), frame.timestamp(), frame.requested(), frame.keyframe());
      Files.deleteIfExists(frame.file());
    }
    listener.onFramesWritten(zip.frames());
    return new Decoded(picked.strategy(), timeline);
  }

  private StoryboardMaker.Storyboard makeStoryboard(
      Workspace workspace, Planned planned, ExtractionOptions options)
      throws IOException, InterruptedException {
    return new StoryboardMaker(ffmpeg, limits.parallelism())
        .make(
            planned.indexed(),
            planned.video(),
            options.storyboard(),
            workspace.newDirectory(StoryboardLayout.DIRECTORY));
  }

  /** {@code preview.webp}, rendered into the workspace (a few hundred kB at most). */
  private Path renderPreview(Workspace workspace, Planned planned, ExtractionOptions options)
      throws IOException, InterruptedException {
    return ExtractionPreview.render(
        ffmpeg,
        planned.indexed(),
        planned.video(),
        ExtractionPreview.clip(planned.video(), options),
        workspace.dir());
  }

  /**
   * ffmpeg processes at once: one per core, except for the seek windows of a URL, which mostly wait
   * for the network (a request per window): twice as many then, so that the cores stay busy.
   */
  private int decoders(SamplingPlan plan, MediaSource source) {
    boolean waitsForTheNetwork = plan.strategy() == Strategy.SPARSE && !source.isLocal();
    return waitsForTheNetwork ? 2 * limits.parallelism() : limits.parallelism();
  }

  /**
   * Reads a frame's picture for the contact sheet: ImageIO reads JPEG and PNG; a WebP frame is
   * turned into PNG by ffmpeg first (the JDK has no WebP reader).
   */
  private ContactSheet.Reader pictureReader(ExtractionOptions options, Path jobDir) {
    if (options.format() != ImageFormat.WEBP) {
      return file -> ImageIO.read(file.toFile());
    }
    return file -> {
      Path png = jobDir.resolve("sheet-frame.png");
      Ffmpeg.Outcome outcome =
          ffmpeg.run(
              List.of("-nostats", "-i", file.toString(), "-frames:v", "1", "-y", png.toString()),
              null,
              null);
      if (!outcome.succeeded()) {
        throw new IOException("ffmpeg cannot read the WebP frame: " + outcome.lastError());
      }
      try {
        return ImageIO.read(png.toFile());
      } finally {
        Files.deleteIfExists(png);
      }
    };
  }

  private void checkLimits(VideoInfo video) {
    checkLimits(video, limits);
  }

  /** Refuses a video over the duration or pixel limit (bad input). */
  public static void checkLimits(VideoInfo video, ExtractorLimits limits) {
    if (video.durationSeconds() > limits.maxDurationSeconds()) {
      throw new BadInputException(
          FailureReason.TOO_LONG.with(FailureReason.duration(limits.maxDurationSeconds())),
          String.format(
              java.util.Locale.ROOT,
              "video too long: %.1f s, the limit is %.0f s",
              video.durationSeconds(),
              limits.maxDurationSeconds()),
          null);
    }
    if (video.pixels() > limits.maxPixels()) {
      throw new BadInputException(
          FailureReason.TOO_LARGE.with(Long.toString(limits.maxPixels())),
          "video too large: "
              + video.width()
              + "x"
              + video.height()
              + " pixels, the limit is "
              + limits.maxPixels()
              + " pixels per frame",
          null);
    }
  }
}
