package dev.frameflow.contracts.frames;

/**
 * A render refused for a {@link FrameRefusal}: what the frame service throws in process (the
 * standalone mode) and what an HTTP client of the frame-server rebuilds from its answer. The
 * message is safe to show (no URL, no path, no ffmpeg output).
 */
public class FrameRefusedException extends RuntimeException {

  private final FrameRefusal refusal;
  private final long retryAfterSeconds;

  public FrameRefusedException(FrameRefusal refusal, String message) {
    this(refusal, message, 0);
  }

  /** {@code retryAfterSeconds}: for {@link FrameRefusal#isRetryable()} refusals, else 0. */
  public FrameRefusedException(FrameRefusal refusal, String message, long retryAfterSeconds) {
    super(message);
    this.refusal = refusal;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public FrameRefusal refusal() {
    return refusal;
  }

  /** Whole seconds to wait before asking again; 0 when waiting does not help. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
