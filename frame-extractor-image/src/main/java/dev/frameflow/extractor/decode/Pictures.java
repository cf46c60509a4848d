package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.probe.VideoInfo;

/**
 * The filters that turn a decoded picture into what a viewer sees at the asked width: our own
 * rotation (the inputs are read with {@code -noautorotate}) and the scaling.
 */
public final class Pictures {

  private Pictures() {}

  /** Filters to append after a selection, each with a leading comma; empty when none is needed. */
  public static String upright(VideoInfo video, Integer width) {
    StringBuilder chain = new StringBuilder();
    switch (video.rotation()) {
      case 90 -> chain.append(",transpose=clock");
      case 180 -> chain.append(",hflip,vflip");
      case 270 -> chain.append(",transpose=cclock");
      default -> {}
    }
    if (width != null) {
      // -2: the height that keeps the aspect ratio, rounded to even (4:2:0 needs it)
      chain.append(",scale=").append(width).append(":-2");
    }
    return chain.toString();
  }
}
