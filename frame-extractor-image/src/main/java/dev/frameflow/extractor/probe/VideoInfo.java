package dev.frameflow.extractor.probe;

import dev.frameflow.contracts.slicing.SliceVideo;

/**
 * What the probe learnt about a video. {@code width}/{@code height} are the coded size; {@code
 * rotation} (0, 90, 180, 270, clockwise) is how the player turns it, so {@link #displayWidth()} and
 * {@link #displayHeight()} are what a viewer sees. {@code startSeconds} is the container's start
 * time: frame timestamps are reported relative to it.
 */
public record VideoInfo(
    String container,
    String codec,
    int width,
    int height,
    double frameRate,
    int rotation,
    double durationSeconds,
    double startSeconds) {

  public int displayWidth() {
    return rotation % 180 == 0 ? width : height;
  }

  public int displayHeight() {
    return rotation % 180 == 0 ? height : width;
  }

  /** The frame rate, or 30 when the probe found none (a guess is enough to plan by). */
  public double frameRateOrDefault() {
    return frameRate > 0 ? frameRate : 30;
  }

  /**
   * The demuxer ffmpeg detected, for {@code -f} in every later run: the first of the names the
   * probe prints ({@code mov} for "mov,mp4,m4a,3gp,3g2,mj2", {@code matroska} for "matroska,webm").
   */
  public String demuxer() {
    int comma = container.indexOf(',');
    return comma < 0 ? container : container.substring(0, comma);
  }

  /** The same facts as an index publishes them and the manifest shows them. */
  public SliceVideo asSliceVideo() {
    return new SliceVideo(
        container, codec, width, height, frameRate, rotation, durationSeconds, startSeconds);
  }

  public long pixels() {
    return (long) width * height;
  }
}
