package dev.frameflow.extractor.decode;

import java.nio.file.Path;

/**
 * One extracted image waiting in the work directory: the frame ffmpeg decoded at {@code timestamp}
 * (seconds from the start of the video) for requested tick {@code tick}; {@code keyframe} when the
 * video coded it as one.
 */
public record DecodedFrame(Path file, double timestamp, int tick, boolean keyframe) {

  /** A frame whose keyframe flag is unknown (reported as not a keyframe). */
  public DecodedFrame(Path file, double timestamp, int tick) {
    this(file, timestamp, tick, false);
  }
}
