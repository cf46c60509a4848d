package dev.frameflow.extractor;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.decode.DecodedFrame;
import dev.frameflow.extractor.decode.FrameDecoder;
import dev.frameflow.extractor.decode.KeyframeIndexer;
import dev.frameflow.extractor.decode.TimelineProgress;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Keyframes;
import dev.frameflow.extractor.plan.Planner;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.Strategy;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.storage.SourceRelay;
import dev.frameflow.extractor.storage.ZipDestination;
import dev.frameflow.extractor.zip.EntryNames;
import dev.frameflow.extractor.zip.FrameLog;
import dev.frameflow.extractor.zip.FrameZipWriter;
import dev.frameflow.extractor.zip.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
        relay = SourceRelay.start(java.net.URI.create(source.location()), jobDir);
        cached = MediaSource.url(relay.localUri());
      }
      VideoInfo video = new VideoProbe(ffmpeg).probe(cached);
      checkLimits(video);
      // from here on ffmpeg is told which demuxer to use: the one the probe found
      MediaSource indexed = cached.withDemuxer(video.demuxer());
      Keyframes keyframes = new KeyframeIndexer(ffmpeg).index(indexed, video.durationSeconds());
      SamplingPlan plan =
          new Planner(limits.parallelism()).plan(video, request.options(), keyframes);
      MediaSource input =
          plan.strategy() == Strategy.SPARSE ? indexed : source.withDemuxer(video.demuxer());
      TimelineProgress timeline = new TimelineProgress(plan.timeline().count(), listener);
      Path framesDir = Files.createDirectory(jobDir.resolve("frames"));

      ZipDestination destination = store.open(request.output());
      FrameLog log = new FrameLog();
      long bytes;
      try {
        // closed only on success: on failure the partial ZIP is discarded, not finished
        FrameZipWriter zip = new FrameZipWriter(destination.stream());
        new FrameDecoder(ffmpeg, limits.parallelism())
            .decode(
                input,
                video,
                plan,
                request.options(),
                framesDir,
                frames -> {
                  for (DecodedFrame frame : frames) {
                    log.add(frame.timestamp(), frame.tick());
                    zip.addStored(
                        EntryNames.frame(log.size(), frame.timestamp(), request.options().format()),
                        frame.file());
                  }
                },
                timeline);
        if (log.size() == 0) {
          throw new BadInputException(
              FailureReason.CORRUPT, "corrupt video: no frame could be decoded");
        }
        OutputStream manifest = zip.addDeflated(EntryNames.MANIFEST);
        Manifest.write(manifest, request.source().toString(), video, request.options(), plan, log);
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
    } finally {
      if (relay != null) {
        LOG.info("source relay: {}", relay.summary());
        relay.close();
      }
      deleteRecursively(jobDir);
    }
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
