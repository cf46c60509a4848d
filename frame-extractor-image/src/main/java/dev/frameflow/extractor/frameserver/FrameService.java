package dev.frameflow.extractor.frameserver;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.frames.AnimationFormat;
import dev.frameflow.contracts.frames.AnimationRequest;
import dev.frameflow.contracts.frames.FrameRefusal;
import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.animation.AnimatedPreview;
import dev.frameflow.extractor.animation.Clip;
import dev.frameflow.extractor.animation.RangePastEndException;
import dev.frameflow.extractor.decode.FrameEncoding;
import dev.frameflow.extractor.decode.PickedFrame;
import dev.frameflow.extractor.decode.PointDecoder;
import dev.frameflow.extractor.decode.TimelineProgress;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders the pictures of {@link RenderRequest}s: the plain Java API behind the frame-server's HTTP
 * endpoints, which the standalone mode calls in process.
 *
 * <p>A frame is the one the extractor puts in a ZIP for {@code timestamps=[time]} with the same
 * width, format and quality: the same {@link PointDecoder} run (same seek, decoder, scale filter
 * and encoder arguments), reading the source through a loopback relay of range requests kept open
 * between renders ({@link OpenSources}). A height, or a box with a fit, is applied afterwards to
 * the upright full-size frame.
 *
 * <p>The source is read only through the request's presigned URL, and only if it points at the
 * configured {@link SourceOrigin}. The frame cache answers a repeated request without decoding; the
 * source cache spares a known source its probe. Renders take a slot ({@link RenderSlots}) or are
 * refused. An animated preview is {@link AnimatedPreview}'s, from the same relayed source and
 * probe, cached and limited the same way.
 *
 * <p>Thread-safe. Refusals are {@link FrameRefusedException}s with a message safe to show; an
 * {@link IOException} is trouble reaching the store or the disk.
 */
public final class FrameService implements AutoCloseable {

  private final FrameServiceSettings settings;
  private final Ffmpeg ffmpeg;
  private final ObjectStore store;
  private final FrameCache frames;
  private final SourceCache sources;
  private final OpenSources open;
  private final RenderSlots slots;
  private final AtomicLong probes = new AtomicLong();
  private final AtomicLong renders = new AtomicLong();

  public FrameService(FrameServiceSettings settings, Ffmpeg ffmpeg) {
    this.settings = settings;
    this.ffmpeg = ffmpeg;
    // no S3 client: the presigned URL is the only way in
    this.store = new ObjectStore(null).withPlainHttpHost(settings.sourceOrigin().plainHttpHost());
    this.frames = new FrameCache(settings.frameCacheBytes());
    this.sources = new SourceCache(settings.sourceCacheEntries());
    this.open = new OpenSources(settings.workDir().resolve("sources"), settings.sourceBytes());
    this.slots =
        new RenderSlots(
            settings.maxConcurrency(),
            settings.maxPerOwner(),
            settings.slotWait(),
            settings.retryAfterSeconds());
  }

  public FrameServiceSettings settings() {
    return settings;
  }

  /**
   * The picture {@code request} asks for, from the cache when it was rendered before.
   *
   * @throws FrameRefusedException a refusal (bad request, foreign origin, time past the end, source
   *     gone or unreadable, no slot free)
   * @throws IOException the store or the disk failed (worth a retry)
   */
  public RenderedImage render(RenderRequest request) throws IOException, InterruptedException {
    checked(request);
    String key = cacheKey(request);
    RenderedImage cached = frames.get(key);
    if (cached != null) {
      return cached;
    }
    try (RenderSlots.Held slot = slots.acquire(request.owner())) {
      RenderedImage image = renderOnce(request);
      renders.incrementAndGet();
      frames.put(key, image);
      return image;
    }
  }

  /** Sources probed so far: a request for a source in the source cache adds none. */
  public long probes() {
    return probes.get();
  }

  /** Pictures rendered (decoded) so far: cache hits add none. */
  public long renders() {
    return renders.get();
  }

  /** Requests answered from the frame cache. */
  public long frameCacheHits() {
    return frames.hits();
  }

  /** Bytes held by the frame cache. */
  public long frameCacheBytes() {
    return frames.bytes();
  }

  /** Sources opened (their first block fetched): a render on a source kept open adds none. */
  public long sourcesOpened() {
    return open.opened();
  }

  /** Bytes the sources kept open hold on the work volume. */
  public long openSourceBytes() {
    return open.bytes();
  }

  /** Closes the sources kept open (the renders in flight finish first: see {@link OpenSources}). */
  @Override
  public void close() {
    open.close();
  }

  /** Sources in the source cache. */
  public int cachedSources() {
    return sources.size();
  }

  private void checked(RenderRequest request) {
    try {
      request.validated();
    } catch (InvalidOptionsException e) {
      throw new FrameRefusedException(FrameRefusal.BAD_REQUEST, e.getMessage());
    }
    if (!settings.sourceOrigin().admits(request.sourceUrl())) {
      throw new FrameRefusedException(
          FrameRefusal.BAD_REQUEST, "the source URL is not on the configured store");
    }
  }

  /** The source's identity, the kind and the canonical request: stable across presigned URLs. */
  private static String cacheKey(RenderRequest request) {
    if (request.isAnimation()) {
      AnimationRequest animation = request.animation();
      return request.sourceKey()
          + "\nanimation\n"
          + animation.format().id()
          + "\n"
          + animation.toQuery();
    }
    FrameRequest frame = request.frame();
    return request.sourceKey() + "\nframe\n" + frame.format().id() + "\n" + frame.toQuery();
  }

  /**
   * Reads the source through its relay (kept open between renders), knows the video, and renders
   * the picture asked for.
   */
  private RenderedImage renderOnce(RenderRequest request) throws IOException, InterruptedException {
    try (Workspace workspace = Workspace.create(settings.workDir(), "render-")) {
      try {
        MediaSource source = workspace.open(store, ObjectLocation.parse(request.sourceUrl()));
        if (source.isLocal()) {
          return renderFrom(source, request, workspace, null);
        }
        try (OpenSources.Lease lease = open.lease(store.upstream(source).get())) {
          return renderFrom(lease.input(), request, workspace, lease);
        }
      } catch (RangePastEndException e) {
        throw new FrameRefusedException(FrameRefusal.TIME_PAST_END, e.userReason());
      } catch (BadInputException e) {
        throw refusal(e);
      }
    }
  }

  private RenderedImage renderFrom(
      MediaSource readable, RenderRequest request, Workspace workspace, OpenSources.Lease lease)
      throws IOException, InterruptedException {
    try {
      VideoInfo video = video(request.sourceKey(), readable);
      if (lease != null) {
        lease.readAheadFor(video);
      }
      MediaSource input = readable.withDemuxer(video.demuxer());
      Path dir = workspace.newDirectory("picture");
      return request.isAnimation()
          ? animation(input, video, request.animation(), dir)
          : frame(input, video, request.frame(), dir);
    } catch (BadInputException e) {
      // ffmpeg reports a source cut short as a corrupt file: the relay knows if the store failed
      if (lease != null && lease.failure() != null) {
        throw lease.failure();
      }
      throw e;
    }
  }

  private RenderedImage frame(MediaSource input, VideoInfo video, FrameRequest frame, Path dir)
      throws IOException, InterruptedException {
    if (frame.time().isPastEnd(video.durationSeconds())) {
      throw new FrameRefusedException(
          FrameRefusal.TIME_PAST_END,
          "time "
              + frame.time()
              + " s is past the end of the video ("
              + FrameServerProtocol.frameTimeText(video.durationSeconds())
              + " s)");
    }
    double seconds = frame.time().secondsIn(video.durationSeconds());
    return decode(input, video, seconds, frame, dir);
  }

  /** The animation helper's preview: GIF with its own palette, or animated WebP. */
  private RenderedImage animation(
      MediaSource input, VideoInfo video, AnimationRequest animation, Path dir)
      throws IOException, InterruptedException {
    Clip clip = new Clip(animation.start(), animation.end(), animation.fps(), animation.width());
    AnimatedPreview preview = new AnimatedPreview(ffmpeg);
    byte[] bytes =
        animation.format() == AnimationFormat.GIF
            ? preview.gif(input, video, clip, dir)
            : preview.webp(input, video, clip, dir);
    return RenderedImage.of(bytes, animation.format().mediaType(), null);
  }

  /** The probe of that source, from the source cache or probed now (and kept). */
  private VideoInfo video(String sourceKey, MediaSource readable)
      throws IOException, InterruptedException {
    VideoInfo known = sources.get(sourceKey);
    if (known != null) {
      return known;
    }
    probes.incrementAndGet();
    VideoInfo video = new VideoProbe(ffmpeg).probe(readable);
    sources.put(sourceKey, video);
    return video;
  }

  private RenderedImage decode(
      MediaSource input, VideoInfo video, double seconds, FrameRequest frame, Path dir)
      throws IOException, InterruptedException {
    boolean boxed = BoxFilter.needed(frame);
    // the extractor's own options for timestamps=[time]: what a ZIP holds at that time
    ExtractionOptions asExtracted =
        ExtractionOptions.builder()
            .timestamps(frame.time().toString())
            .format(boxed ? ImageFormat.PNG : frame.format())
            .quality(boxed ? null : frame.quality())
            .width(boxed ? null : frame.width())
            .build();
    PickedFrame picked =
        new PointDecoder(
                ffmpeg,
                decoders(
                    slots.inUse(settings.maxConcurrency()),
                    Runtime.getRuntime().availableProcessors()))
            .decode(
                input,
                video,
                new double[] {seconds},
                asExtracted,
                dir,
                new TimelineProgress(1, ProgressListener.NONE))
            .get(0);
    Path file = boxed ? boxed(picked.file(), frame, dir) : picked.file();
    return RenderedImage.of(
        Files.readAllBytes(file),
        FrameServerProtocol.mediaType(frame.format()),
        picked.timestamp());
  }

  /**
   * The workers a {@link PointDecoder} of one time is given, from the renders running now (this one
   * included). Fewer than the cores: more than one, as an extraction's, so that its ffmpeg decodes
   * with frame threads (a sixth less wall time for one render). As many as the cores or more: one,
   * a single-threaded decoder, which costs about a sixth less CPU, and the cores are busy anyway.
   * Decoding is bit-exact either way: docs/benchmarks.md.
   */
  static int decoders(int rendersRunning, int cores) {
    return rendersRunning >= cores ? 1 : 2;
  }

  /** The full-size PNG fitted to the request's height or box, in the request's format. */
  private Path boxed(Path png, FrameRequest frame, Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("boxed." + frame.format().extension());
    ExtractionOptions encoding =
        ExtractionOptions.builder().format(frame.format()).quality(frame.quality()).build();
    List<String> args = new ArrayList<>(List.of("-nostats"));
    args.addAll(MediaSource.file(png).inputArguments());
    args.addAll(List.of("-vf", BoxFilter.of(frame), "-frames:v", "1"));
    args.addAll(FrameEncoding.arguments(encoding));
    args.addAll(List.of("-f", "image2", "-update", "1", "-y", out.toString()));
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, null);
    if (!outcome.succeeded() || !Files.isRegularFile(out)) {
      throw new IOException("ffmpeg could not fit the frame: " + outcome.lastError());
    }
    return out;
  }

  /** A source that is gone, or one that is no video ffmpeg can read. */
  private static FrameRefusedException refusal(BadInputException e) {
    if (FailureReason.SOURCE_MISSING.text().equals(e.userReason())) {
      return new FrameRefusedException(
          FrameRefusal.SOURCE_GONE, "the video's source no longer exists");
    }
    return new FrameRefusedException(FrameRefusal.SOURCE_UNREADABLE, e.userReason());
  }
}
