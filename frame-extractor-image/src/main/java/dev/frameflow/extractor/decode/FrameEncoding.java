package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import java.util.List;

/** The encoder arguments of a frame format: the same for every way of choosing the frames. */
public final class FrameEncoding {

  /** libwebp's quality (0–100) when none is asked for: its own default is 75, a little soft. */
  static final int DEFAULT_WEBP_QUALITY = 80;

  private FrameEncoding() {}

  public static List<String> arguments(ExtractionOptions options) {
    return switch (options.format()) {
      case JPEG ->
          List.of(
              "-c:v", "mjpeg", "-q:v", Integer.toString(options.quality()), "-pix_fmt", "yuvj420p");
      case PNG -> List.of("-c:v", "png", "-pix_fmt", "rgb24");
      case WEBP ->
          List.of(
              "-c:v",
              "libwebp",
              "-quality",
              Integer.toString(webpQuality(options.quality())),
              "-pix_fmt",
              "yuv420p");
    };
  }

  /**
   * The contract's quality is ffmpeg's JPEG scale (2 best, 31 worst): mapped linearly onto
   * libwebp's 100 (best) to 0.
   */
  static int webpQuality(Integer quality) {
    if (quality == null) {
      return DEFAULT_WEBP_QUALITY;
    }
    int span = ExtractionLimits.MAX_QUALITY - ExtractionLimits.MIN_QUALITY;
    return (int) Math.round(100.0 * (ExtractionLimits.MAX_QUALITY - quality) / span);
  }
}
