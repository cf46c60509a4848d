package dev.frameflow.extractor.frameserver;

import dev.frameflow.contracts.frames.FrameRequest;

/**
 * The filter that fits an upright full-size frame to a request's height, or to its box of width ×
 * height in its {@link dev.frameflow.contracts.frames.FrameFit}. A request with a width alone needs
 * none: the decoder scales it exactly as the extractor does.
 */
final class BoxFilter {

  private BoxFilter() {}

  /** Whether the request asks for more than the extractor's own width scaling. */
  static boolean needed(FrameRequest request) {
    return request.height() != null;
  }

  static String of(FrameRequest request) {
    Integer width = request.width();
    int height = request.height();
    if (width == null) {
      // the width that keeps the aspect ratio, even, as the extractor's -2 for the height
      return "scale=-2:" + height;
    }
    String box = width + ":" + height;
    return switch (request.fit()) {
      case CONTAIN -> "scale=" + box + ":force_original_aspect_ratio=decrease";
      case COVER ->
          "scale=" + box + ":force_original_aspect_ratio=increase,crop=" + box + ",setsar=1";
      case FILL -> "scale=" + box + ",setsar=1";
      case PAD ->
          "scale="
              + box
              + ":force_original_aspect_ratio=decrease,pad="
              + box
              + ":(ow-iw)/2:(oh-ih)/2:black";
    };
  }
}
