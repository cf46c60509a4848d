package dev.frameflow.contracts.result;

/**
 * How the extractor's process ends. The Job's {@code podFailurePolicy} fails the Job at once on
 * {@link #BAD_INPUT}; any other non-zero code is retried up to the VideoJob's retries.
 */
public final class ExitCodes {

  public static final int SUCCESS = 0;

  /** S3 unreachable, disk full, killed: trying again may work. */
  public static final int TRANSIENT = 1;

  /** Not a video, corrupt, unsupported, options out of bounds: trying again cannot work. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
