package dev.frameflow.extractor;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.SamplingMode;
import dev.frameflow.extractor.decode.KeyframeDecoder;
import dev.frameflow.extractor.decode.PickedFrame;
import dev.frameflow.extractor.decode.PointDecoder;
import dev.frameflow.extractor.decode.SceneDetector;
import dev.frameflow.extractor.decode.TimelineProgress;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Span;
import dev.frameflow.extractor.plan.Thinning;
import dev.frameflow.extractor.plan.TimestampList;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The modes that pick their own times rather than sampling a steady timeline: {@code timestamps}
 * (one exact frame per time), {@code keyframes} (the keyframes alone) and {@code scene} (the first
 * frame and each scene change, found in a first pass, then taken exactly).
 */
final class ModeSampling {

  /** The frames in time order, and how they were found (for the manifest). */
  record Picked(List<PickedFrame> frames, String strategy) {}

  private final Ffmpeg ffmpeg;
  private final int workers;

  ModeSampling(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  static boolean handles(SamplingMode mode) {
    return mode == SamplingMode.TIMESTAMPS
        || mode == SamplingMode.KEYFRAMES
        || mode == SamplingMode.SCENE;
  }

  Picked sample(
      MediaSource input,
      VideoInfo video,
      ExtractionOptions options,
      Path dir,
      dev.frameflow.extractor.ProgressListener listener)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    return switch (options.mode()) {
      case TIMESTAMPS -> {
        double[] times = TimestampList.resolve(options.timestamps(), video.durationSeconds());
        if (options.maxFrames() != null && times.length > options.maxFrames()) {
          times = java.util.Arrays.copyOf(times, options.maxFrames());
        }
        TimelineProgress progress = new TimelineProgress(times.length, listener);
        yield new Picked(
            new PointDecoder(ffmpeg, workers).decode(input, video, times, options, dir, progress),
            "seek");
      }
      case KEYFRAMES -> {
        Span span = Span.of(options, video.durationSeconds());
        TimelineProgress progress =
            new TimelineProgress(KeyframeDecoder.segments(span, workers).size(), listener);
        KeyframeDecoder.Result result =
            new KeyframeDecoder(ffmpeg, workers).decode(input, video, span, options, dir, progress);
        List<PickedFrame> frames = new ArrayList<>(result.frames());
        frames.sort(java.util.Comparator.comparingDouble(PickedFrame::timestamp));
        yield new Picked(
            thinned(frames, options), result.fullDecode() ? "full-decode" : "keyframes-only");
      }
      case SCENE -> {
        Span span = Span.of(options, video.durationSeconds());
        TimelineProgress progress = new TimelineProgress(workers + 1L, listener);
        double[] changes =
            new SceneDetector(ffmpeg, workers)
                .changes(input, video, span, options.sceneThreshold(), progress);
        double[] times = new double[changes.length + 1];
        times[0] = span.start();
        System.arraycopy(changes, 0, times, 1, changes.length);
        List<Integer> kept =
            Thinning.keep(times, options.minIntervalSeconds(), options.maxFrames());
        double[] picked = kept.stream().mapToDouble(i -> times[i]).toArray();
        List<PickedFrame> frames =
            new PointDecoder(ffmpeg, workers)
                .decode(
                    input,
                    video,
                    picked,
                    options,
                    dir,
                    new TimelineProgress(1, dev.frameflow.extractor.ProgressListener.NONE));
        progress.advance(1);
        yield new Picked(frames, "scene-detect");
      }
      default -> throw new IllegalArgumentException("not a picking mode: " + options.mode());
    };
  }

  private static List<PickedFrame> thinned(List<PickedFrame> frames, ExtractionOptions options)
      throws IOException {
    double[] times = frames.stream().mapToDouble(PickedFrame::timestamp).toArray();
    List<Integer> kept = Thinning.keep(times, options.minIntervalSeconds(), options.maxFrames());
    List<PickedFrame> result = new ArrayList<>(kept.size());
    int next = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (next < kept.size() && kept.get(next) == i) {
        result.add(frames.get(i));
        next++;
      } else {
        Files.deleteIfExists(frames.get(i).file());
      }
    }
    return result;
  }
}
