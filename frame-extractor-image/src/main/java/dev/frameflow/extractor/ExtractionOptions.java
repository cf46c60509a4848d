package dev.frameflow.extractor;

/**
 * What to extract. Exactly one of {@code fps} (frames per second) and {@code intervalSeconds} (one
 * frame every N seconds) applies; with neither, one frame per second. {@code quality} is ffmpeg's
 * JPEG scale, 2 (best) to 31; {@code width} scales frames keeping the aspect ratio (after
 * rotation); {@code start}/{@code end} bound the timeline in seconds from the start of the video.
 * Invalid values throw {@link BadInputException}.
 */
public record ExtractionOptions(
    Double fps,
    Double intervalSeconds,
    ImageFormat format,
    Integer quality,
    Integer maxFrames,
    Integer width,
    Double start,
    Double end) {

  public static final int DEFAULT_JPEG_QUALITY = 3;

  /** The frame rate a sampling may ask for; above this it is no longer sampling. */
  public static final double MAX_FPS = 120;

  public ExtractionOptions {
    if (fps != null && intervalSeconds != null) {
      throw new BadInputException("give either fps or intervalSeconds, not both");
    }
    if (fps == null && intervalSeconds == null) {
      fps = 1.0;
    }
    if (fps != null && !(fps > 0 && fps <= MAX_FPS)) {
      throw new BadInputException("fps must be > 0 and <= " + (int) MAX_FPS + " but was " + fps);
    }
    if (intervalSeconds != null && !(intervalSeconds > 0 && Double.isFinite(intervalSeconds))) {
      throw new BadInputException("intervalSeconds must be > 0 but was " + intervalSeconds);
    }
    if (intervalSeconds != null && intervalSeconds < 1 / MAX_FPS) {
      throw new BadInputException("intervalSeconds must be >= " + 1 / MAX_FPS);
    }
    format = format == null ? ImageFormat.JPEG : format;
    if (quality != null && (quality < 2 || quality > 31)) {
      throw new BadInputException("quality must be between 2 (best) and 31 but was " + quality);
    }
    if (quality == null && format == ImageFormat.JPEG) {
      quality = DEFAULT_JPEG_QUALITY;
    }
    if (maxFrames != null && maxFrames < 1) {
      throw new BadInputException("maxFrames must be >= 1 but was " + maxFrames);
    }
    if (width != null && (width < 2 || width > 16384)) {
      throw new BadInputException("width must be between 2 and 16384 but was " + width);
    }
    if (start != null && !(start >= 0 && Double.isFinite(start))) {
      throw new BadInputException("start must be >= 0 but was " + start);
    }
    if (end != null && !(end > 0 && Double.isFinite(end))) {
      throw new BadInputException("end must be > 0 but was " + end);
    }
    if (start != null && end != null && end <= start) {
      throw new BadInputException("end (" + end + ") must be after start (" + start + ")");
    }
  }

  /** One frame per second as JPEG at quality 3, the whole video. */
  public static ExtractionOptions defaults() {
    return new ExtractionOptions(null, null, null, null, null, null, null, null);
  }

  /** Seconds between two requested timestamps. */
  public double stepSeconds() {
    return fps != null ? 1 / fps : intervalSeconds;
  }

  /** Start of the requested timeline in seconds (0 when unset). */
  public double startSeconds() {
    return start == null ? 0 : start;
  }
}
