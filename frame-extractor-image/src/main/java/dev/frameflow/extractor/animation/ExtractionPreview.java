package dev.frameflow.extractor.animation;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.frames.FrameLimits;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stretch an extraction's {@code preview.webp} shows: {@value #SECONDS} seconds from the middle
 * of the sampled span ({@code start..end}, within the video), at the animations' default rate, as
 * wide as the frames (or the video) but at most the animations' largest width.
 *
 * <p>Why the middle: the first seconds of many videos are a black fade, a title or a logo, the last
 * ones credits; the middle is where the video is most likely to show what it is about. Why {@value
 * #SECONDS} s at {@link FrameLimits#DEFAULT_ANIMATION_FPS} fps: enough movement to recognise a
 * scene in a loop, about 30 frames, so it stays small (a few hundred kB at 640 wide) and costs well
 * under a second of the run.
 *
 * <p>A one-pod run renders it after its frames; a sliced run's middle index ({@link
 * dev.frameflow.contracts.slicing.SlicePlan#previewSlice}) renders the same clip into its part.
 */
public final class ExtractionPreview {

  /** How long the preview is, in seconds (shorter only when the span is). */
  public static final double SECONDS = 3;

  private ExtractionPreview() {}

  /** The preview's clip for a video and the extraction's options. */
  public static Clip clip(VideoInfo video, ExtractionOptions options) {
    double duration = video.durationSeconds();
    double from = Math.min(options.startSeconds(), duration);
    double to = options.end() == null ? duration : Math.min(options.end(), duration);
    int fps = FrameLimits.DEFAULT_ANIMATION_FPS;
    // at least one frame, even of a span shorter than a frame
    double length = Math.max(Math.min(SECONDS, to - from), 1.0 / fps);
    double start = Math.max(0, Math.min((from + to - length) / 2, to - length));
    int wide = options.width() != null ? options.width() : video.displayWidth();
    return new Clip(start, start + length, fps, Math.min(wide, FrameLimits.MAX_ANIMATION_WIDTH));
  }

  /**
   * Renders {@code clip} of the video as {@code dir/preview.webp} (a few hundred kB at most).
   *
   * @return that file
   */
  public static Path render(Ffmpeg ffmpeg, MediaSource source, VideoInfo video, Clip clip, Path dir)
      throws IOException, InterruptedException {
    byte[] webp = new AnimatedPreview(ffmpeg).webp(source, video, clip, dir);
    return Files.write(dir.resolve(EntryNames.PREVIEW), webp);
  }
}
