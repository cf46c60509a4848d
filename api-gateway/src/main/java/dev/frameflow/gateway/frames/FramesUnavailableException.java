package dev.frameflow.gateway.frames;

/**
 * No renderer answered: frames are not configured, the frame-server cannot be reached, or it did
 * not answer within {@code frameflow.frames.render-timeout}. Answered 503 {@code
 * frames-unavailable}; the message is safe to show.
 */
public class FramesUnavailableException extends RuntimeException {

  public FramesUnavailableException(String message) {
    super(message);
  }

  public FramesUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
