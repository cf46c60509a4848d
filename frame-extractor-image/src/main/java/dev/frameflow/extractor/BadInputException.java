package dev.frameflow.extractor;

/**
 * The input can never be processed as asked (not a video, corrupt, over a limit, bad options).
 * Permanent: the CLI maps it to exit code 2 and the Job must not retry. The message is the one-line
 * reason shown to the user.
 */
public class BadInputException extends RuntimeException {

  public BadInputException(String reason) {
    super(reason);
  }

  public BadInputException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
