package dev.frameflow.extractor.slice;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.archive.PartZipWriter;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.slicing.SlicePlan;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.animation.Clip;
import dev.frameflow.extractor.animation.ExtractionPreview;
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
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.workspace.Workspace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One index of a sliced extraction: probes the video as a one-pod run would, takes its share of the
 * whole timeline ({@link SlicePlan}), decodes it and writes its frames — numbered as the one-pod
 * run numbers them — as STORED entries into a local part file; the middle index ({@link
 * SlicePlan#previewSlice}) adds the run's {@code preview.webp} when it is asked for. Uploading the
 * part is {@link SliceUpload}'s.
 */
public final class SliceExtractor {

  private final ObjectStore store;
  private final ExtractorLimits limits;
  private final Ffmpeg ffmpeg;

  public SliceExtractor(ObjectStore store, ExtractorLimits limits, Ffmpeg ffmpeg) {
    this.store = store;
    this.limits = limits;
    this.ffmpeg = ffmpeg;
  }

  /** The part's file and its index (not yet uploaded: no part number). */
  public record Slice(Path part, SliceIndex index) {}

  /**
   * Extracts slice {@code slice} of {@code slices} into {@code part}.
   *
   * @throws BadInputException the video can never be processed as asked (permanent)
   */
  public Slice extract(
      ExtractionRequest request, int slice, int slices, Path part, ProgressListener progress)
      throws IOException, InterruptedException {
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    try (Workspace workspace = Workspace.create(request.workDir(), "slice-")) {
      try {
        return extractSlice(workspace, request, slice, slices, part, listener);
      } catch (BadInputException e) {
        throw workspace.blame(e);
      }
    }
  }

  private Slice extractSlice(
      Workspace workspace,
      ExtractionRequest request,
      int slice,
      int slices,
      Path part,
      ProgressListener listener)
      throws IOException, InterruptedException {
    MediaSource cached = workspace.openRelayed(store, request.source());
    VideoInfo video = new VideoProbe(ffmpeg).probe(cached);
    FrameExtractor.checkLimits(video, limits);
    Timeline whole = Timeline.of(request.options(), video.durationSeconds());
    int firstTick = SlicePlan.firstTick(whole.count(), slice, slices);
    int endTick = SlicePlan.endTick(whole.count(), slice, slices);
    long modified = System.currentTimeMillis();
    PartZipWriter zip;
    String strategy = "dense";
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
      zip = new PartZipWriter(out, modified);
      if (endTick > firstTick) {
        strategy =
            decodeSlice(
                workspace, request, cached, video, whole, firstTick, endTick, zip, listener);
      }
      if (request.options().wantsPreview() && slice == SlicePlan.previewSlice(slices)) {
        addPreview(workspace, request, cached, video, zip);
      }
    }
    SliceIndex index =
        new SliceIndex(
            slice,
            slices,
            firstTick,
            endTick,
            request.source().toString(),
            video.asSliceVideo(),
            request.options(),
            strategy,
            zip.bytes(),
            null,
            null,
            modified,
            zip.entries());
    return new Slice(part, index);
  }

  /** Decodes the slice's ticks of the whole timeline into the part; returns the plan's strategy. */
  private String decodeSlice(
      Workspace workspace,
      ExtractionRequest request,
      MediaSource cached,
      VideoInfo video,
      Timeline whole,
      int firstTick,
      int endTick,
      PartZipWriter zip,
      ProgressListener listener)
      throws IOException, InterruptedException {
    MediaSource indexed = cached.withDemuxer(video.demuxer());
    Keyframes keyframes = new KeyframeIndexer(ffmpeg).index(indexed, video.durationSeconds());
    // the slice's ticks on the whole timeline: tick k of the slice is tick firstTick + k
    Timeline mine =
        new Timeline(
            whole.time(firstTick),
            whole.step(),
            whole.fps(),
            endTick - firstTick,
            whole.tolerance());
    SamplingPlan plan = new Planner(limits.parallelism()).plan(video, mine, keyframes);
    MediaSource input =
        plan.strategy() == Strategy.SPARSE
            ? indexed
            : workspace.streamed(store).withDemuxer(video.demuxer());
    TimelineProgress timeline = new TimelineProgress(mine.count(), listener);
    Path framesDir = workspace.newDirectory("frames");
    int[] number = {firstTick};
    new FrameDecoder(ffmpeg, limits.parallelism())
        .decode(
            input,
            video,
            plan,
            request.options(),
            framesDir,
            frames -> {
              for (DecodedFrame frame : frames) {
                number[0]++;
                zip.addStored(
                    EntryNames.frame(number[0], frame.timestamp(), request.options().format()),
                    frame.file(),
                    frame.timestamp(),
                    whole.time(firstTick + frame.tick()),
                    frame.keyframe());
              }
            },
            timeline);
    return plan.strategy().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The run's {@code preview.webp}, the clip a one-pod run renders, after the index's frames: the
   * assembly lists it after all the frames, as a one-pod ZIP does. Its entry's times are the clip's
   * start.
   */
  private void addPreview(
      Workspace workspace,
      ExtractionRequest request,
      MediaSource cached,
      VideoInfo video,
      PartZipWriter zip)
      throws IOException, InterruptedException {
    Clip clip = ExtractionPreview.clip(video, request.options());
    Path preview =
        ExtractionPreview.render(
            ffmpeg, cached.withDemuxer(video.demuxer()), video, clip, workspace.dir());
    zip.addStored(EntryNames.PREVIEW, preview, clip.startSeconds(), clip.startSeconds(), false);
  }

  /** For tests: the entries' names. */
  static List<String> names(SliceIndex index) {
    return index.entries().stream().map(e -> e.name()).toList();
  }
}
