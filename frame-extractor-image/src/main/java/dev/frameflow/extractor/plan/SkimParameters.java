package dev.frameflow.extractor.plan;

/**
 * What a {@link Strategy#SKIM} run needs to know of the video to drop packets safely.
 *
 * @param gopSeconds the longest keyframe spacing seen: a GOP is assumed to end this long after its
 *     keyframe when its last timestamp is looked for. Too short costs a second decode of the ticks
 *     past it; too long costs decoding a few more packets; never a wrong frame.
 * @param timeBaseNum the video stream's time base, numerator
 * @param timeBaseDen the video stream's time base, denominator
 */
public record SkimParameters(double gopSeconds, long timeBaseNum, long timeBaseDen) {

  public SkimParameters {
    if (!(gopSeconds > 0) || timeBaseNum <= 0 || timeBaseDen <= 0) {
      throw new IllegalArgumentException("GOP and time base must be positive");
    }
  }
}
