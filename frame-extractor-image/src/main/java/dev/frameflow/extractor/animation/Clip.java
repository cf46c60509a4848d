package dev.frameflow.extractor.animation;

/**
 * The stretch of a video an animation shows and how: from {@code startSeconds} to {@code
 * endSeconds} (seconds from the start of the video), {@code fps} frames a second, {@code width}
 * pixels wide (the height follows the aspect ratio). The bounds are the caller's (the contract's
 * animation request, or the extractor's preview); this only refuses what cannot be rendered at all.
 */
public record Clip(double startSeconds, double endSeconds, int fps, int width) {

  public Clip {
    if (!(startSeconds >= 0) || !(endSeconds > startSeconds)) {
      throw new IllegalArgumentException(
          "a clip ends after it starts, at 0 s or later: " + startSeconds + ".." + endSeconds);
    }
    if (fps < 1 || width < 1) {
      throw new IllegalArgumentException("fps and width are positive: " + fps + ", " + width);
    }
  }

  /**
   * How many frames the animation has when the video lasts {@code durationSeconds}: one every
   * {@code 1/fps} from the start, up to the end or the end of the video (whichever comes first), at
   * least one. A duration of 0 (unknown) does not shorten it.
   */
  public int frames(double durationSeconds) {
    double end = durationSeconds > 0 ? Math.min(endSeconds, durationSeconds) : endSeconds;
    // a hair below a whole number of frames is that number (5 s at 10 fps is 50, not 51)
    return Math.max(1, (int) Math.ceil((end - startSeconds) * fps - 1e-6));
  }
}
