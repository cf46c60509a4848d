package dev.frameflow.extractor;

import dev.frameflow.contracts.result.FailureReason;

/**
 * The input can never be processed as asked (not a video, corrupt, over a limit, bad options).
 * Permanent: the CLI maps it to exit code 2 and the Job must not retry. {@link #userReason()} is
 * the fixed sentence users see; the message is the detail, for the logs only.
 */
public class BadInputException extends RuntimeException {

  private final String userReason;

  public BadInputException(FailureReason reason, String detail) {
    this(reason.text(), detail, null);
  }

  /** For a reason with a limit in it ({@link FailureReason#with}). */
  public BadInputException(String userReason, String detail, Throwable cause) {
    super(detail, cause);
    this.userReason = userReason;
  }

  /** The fixed, documented reason for users (never a path, URL or library message). */
  public String userReason() {
    return userReason;
  }
}
