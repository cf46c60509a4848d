package dev.frameflow.extractor.animation;

import dev.frameflow.extractor.BadInputException;

/**
 * An animation asked for a stretch that starts at or after the end of the video: bad input of its
 * own kind, so that the frame-server can answer it as a time past the end rather than as an
 * unreadable source.
 */
public final class RangePastEndException extends BadInputException {

  /** The sentence a user sees: no path, URL or ffmpeg output. */
  public static final String REASON = "the animation starts after the end of the video";

  RangePastEndException(String detail) {
    super(REASON, detail, null);
  }
}
