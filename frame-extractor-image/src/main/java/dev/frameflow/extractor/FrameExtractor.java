package dev.frameflow.extractor;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.archive.FrameLog;
import dev.frameflow.archive.FrameZipWriter;
import dev.frameflow.archive.Manifest;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.decode.DecodedFrame;
import dev.frameflow.extractor.decode.FrameDecoder;
import dev.frameflow.extractor.decode.KeyframeIndexer;
import dev.frameflow.extractor.decode.PickedFrame;
import dev.frameflow.extractor.decode.TimelineProgress;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Keyframes;
import dev.frameflow.extractor.plan.Planner;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.Strategy;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.sheet.ContactSheet;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.storage.SourceRelay;
import dev.frameflow.extractor.storage.ZipDestination;
import dev.frameflow.extractor.storyboard.StoryboardLayout;
import dev.frameflow.extractor.storyboard.StoryboardMaker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
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

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(FrameExtractor.class);

  private final ObjectStore store;
  private final ExtractorLimits limits;
  private final Ffmpeg ffmpeg;

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
    this.store = store;
    this.limits = limits;
    this.ffmpeg = ffmpeg;
  }

  /**
   * @throws BadInputException the video can never be processed as asked (permanent)
   * @throws IOException storage or disk trouble (transient)
   */
  public ExtractionResult extract(ExtractionRequest request, ProgressListener progress)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    Files.createDirectories(request.workDir());
    Path jobDir = Files.createTempDirectory(request.workDir(), "extract-");
    SourceRelay relay = null;
    try {
      MediaSource source = store.open(request.source(), jobDir);
      // A URL source is probed, indexed and read by a sparse plan (which opens it once per seek
      // window) through a loopback block cache: each block is fetched once, with a bounded range
      // request. A dense plan streams the URL itself.
      MediaSource cached = source;
      if (!source.isLocal()) {
        relay = SourceRelay.start(store.upstream(source), jobDir);
        cached = MediaSource.url(relay.localUri());
      }
      ExtractionOptions options = request.options();
      boolean steady = !ModeSampling.handles(options.mode());
      KeyframeIndexer indexer = new KeyframeIndexer(ffmpeg);
      // a steady plan needs the keyframe index: read in the probe's run
      KeyframeIndexer.Probed probed = steady ? indexer.probeAndIndex(cached) : null;
      VideoInfo video = steady ? probed.video() : new VideoProbe(ffmpeg).probe(cached);
      checkLimits(video);
      // from here on ffmpeg is told which demuxer to use: the one the probe found
      MediaSource indexed = cached.withDemuxer(video.demuxer());
      SamplingPlan plan = null;
      MediaSource input = indexed;
      if (steady) {
        Keyframes keyframes = probed.keyframes();
        if (relay != null) {
          relay.readAhead(indexer.windowBytes());
        }
        plan =
            new Planner(limits.parallelism(), source.isLocal(), limits.skimming())
                .plan(video, options, keyframes);
        input =
            plan.strategy() == Strategy.SPARSE
                ? indexed
                : streamed(source, relay).withDemuxer(video.demuxer());
      }
      Path framesDir = Files.createDirectory(jobDir.resolve("frames"));

      ZipDestination destination = store.open(request.output());
      FrameLog log = new FrameLog();
      ContactSheet sheet =
          options.wantsContactSheet() ? new ContactSheet(pictureReader(options, jobDir)) : null;
      long bytes;
      String strategy;
      TimelineProgress timeline;
      try {
        // closed only on success: on failure the partial ZIP is discarded, not finished
        FrameZipWriter zip = new FrameZipWriter(destination.stream());
        if (steady) {
          SamplingPlan steadyPlan = plan;
          timeline = new TimelineProgress(plan.timeline().count(), listener);
          new FrameDecoder(ffmpeg, decoders(plan, source))
              .decode(
                  input,
                  video,
                  plan,
                  options,
                  framesDir,
                  frames -> {
                    for (DecodedFrame frame : frames) {
                      add(
                          zip,
                          log,
                          sheet,
                          options,
                          frame.file(),
                          frame.timestamp(),
                          steadyPlan.timeline().time(frame.tick()),
                          frame.keyframe());
                    }
                    listener.onFramesWritten(log.size());
                  },
                  timeline);
          strategy = plan.strategy().name().toLowerCase(java.util.Locale.ROOT);
        } else {
          // the modes report their own progress; this one only says 100 % at the end
          timeline = new TimelineProgress(1, listener);
          ModeSampling.Picked picked =
              new ModeSampling(ffmpeg, limits.parallelism())
                  .sample(input, video, options, framesDir, listener);
          for (PickedFrame frame : picked.frames()) {
            add(
                zip,
                log,
                sheet,
                options,
                frame.file(),
                frame.timestamp(),
                frame.requested(),
                frame.keyframe());
            Files.deleteIfExists(frame.file());
          }
          listener.onFramesWritten(log.size());
          strategy = picked.strategy();
        }
        if (log.size() == 0) {
          throw new BadInputException(
              FailureReason.CORRUPT, "corrupt video: no frame could be decoded");
        }
        Manifest.Extras extras = Manifest.Extras.NONE;
        if (options.storyboard() != null) {
          StoryboardMaker.Storyboard storyboard =
              new StoryboardMaker(ffmpeg, limits.parallelism())
                  .make(
                      indexed,
                      video,
                      options.storyboard(),
                      Files.createDirectory(jobDir.resolve(StoryboardLayout.DIRECTORY)));
          List<String> sprites = new ArrayList<>();
          for (int s = 0; s < storyboard.sprites().size(); s++) {
            String name = StoryboardLayout.DIRECTORY + storyboard.layout().spriteName(s);
            zip.addStored(name, storyboard.sprites().get(s));
            sprites.add(name);
          }
          OutputStream vtt = zip.addDeflated(StoryboardLayout.VTT);
          vtt.write(storyboard.vtt().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          zip.closeEntry();
          extras =
              new Manifest.Extras(StoryboardLayout.VTT, sprites, storyboard.layout().tiles(), null);
        }
        if (sheet != null) {
          Path sheetFile = jobDir.resolve(EntryNames.CONTACT_SHEET);
          try (OutputStream out = Files.newOutputStream(sheetFile)) {
            sheet.write(out);
          }
          zip.addStored(EntryNames.CONTACT_SHEET, sheetFile);
          extras =
              new Manifest.Extras(
                  extras.storyboardVtt(),
                  extras.storyboardSprites(),
                  extras.storyboardTiles(),
                  EntryNames.CONTACT_SHEET);
        }
        OutputStream manifest = zip.addDeflated(EntryNames.MANIFEST);
        Manifest.write(
            manifest,
            request.source().toString(),
            video.asSliceVideo(),
            options,
            strategy,
            log,
            extras);
        zip.closeEntry();
        zip.close();
        bytes = destination.commit();
      } catch (IOException | RuntimeException | InterruptedException | Error e) {
        destination.abort();
        throw e;
      }
      timeline.finish();
      return new ExtractionResult(
          log.size(),
          request.output(),
          bytes,
          video.durationSeconds(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (BadInputException e) {
      // ffmpeg reports a source cut short (its URL expired or refused) as a truncated or corrupt
      // file: the relay knows whether the source was at fault, and that is transient
      if (relay != null && relay.failure() != null) {
        throw relay.failure();
      }
      throw e;
    } finally {
      if (relay != null) {
        LOG.info("source relay: {}", relay.summary());
        relay.close();
      }
      deleteRecursively(jobDir);
    }
  }

  /**
   * What a dense plan reads: the URL itself, or the relay's pass-through when the URL is renewed
   * while the run reads (a presigned URL ends with the credentials that signed it).
   */
  private MediaSource streamed(MediaSource source, SourceRelay relay) {
    return relay != null && store.renewsSource() ? MediaSource.url(relay.streamUri()) : source;
  }

  /**
   * ffmpeg processes at once: one per core, except for the seek windows of a URL, which mostly wait
   * for the network (a request per window): twice as many then, so that the cores stay busy.
   */
  private int decoders(SamplingPlan plan, MediaSource source) {
    boolean waitsForTheNetwork = plan.strategy() == Strategy.SPARSE && !source.isLocal();
    return waitsForTheNetwork ? 2 * limits.parallelism() : limits.parallelism();
  }

  /** One frame into the ZIP (and onto the contact sheet), numbered in the order it comes. */
  private static void add(
      FrameZipWriter zip,
      FrameLog log,
      ContactSheet sheet,
      ExtractionOptions options,
      Path file,
      double timestamp,
      double requested,
      boolean keyframe)
      throws IOException {
    log.add(timestamp, requested, keyframe);
    if (sheet != null) {
      try {
        sheet.offer(file, timestamp);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted reading a frame");
      }
    }
    zip.addStored(EntryNames.frame(log.size(), timestamp, options.format()), file);
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

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException e)
              throws IOException {
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
