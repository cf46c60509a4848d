package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.SourceUnreadableException;
import dev.frameflow.objectstreams.ObjectTooLargeException;
import picocli.CommandLine;

/**
 * How a failed run ends: the contract's exit code ({@link ExitCodes}: bad input is permanent, never
 * retried; anything else is transient), the fixed reason users see, and the detail for the logs
 * (paths, library messages).
 */
record RunFailure(int exitCode, String reason, String detail) {

  /** The exit code of a run that ended with an exception, for picocli. */
  static final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {
    @Override
    public int getExitCode(Throwable exception) {
      return of(exception).exitCode();
    }
  }

  static RunFailure of(Throwable e) {
    if (e instanceof CommandLine.ParameterException) {
      // a malformed line: picocli's message names the flag
      return new RunFailure(
          ExitCodes.BAD_INPUT, FailureReason.INVALID_OPTIONS.text(), e.getMessage());
    }
    if (e instanceof BadInputException bad) {
      return new RunFailure(ExitCodes.BAD_INPUT, bad.userReason(), bad.getMessage());
    }
    if (e instanceof ObjectTooLargeException tooLarge) {
      // the frames outgrew the Job's presigned upload: a retry would too
      return new RunFailure(
          ExitCodes.BAD_INPUT,
          FailureReason.RESULT_TOO_LARGE.with(FailureReason.size(tooLarge.maxBytes())),
          "the ZIP outgrew its upload: " + describe(e));
    }
    if (e instanceof InterruptedException) {
      return new RunFailure(ExitCodes.TRANSIENT, FailureReason.INTERNAL.text(), "interrupted");
    }
    if (e instanceof SourceUnreadableException) {
      return new RunFailure(
          ExitCodes.TRANSIENT, FailureReason.SOURCE_UNREADABLE.text(), describe(e));
    }
    return new RunFailure(ExitCodes.TRANSIENT, FailureReason.INTERNAL.text(), describe(e));
  }

  /** One line: the exception's message, or its type when it has none. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    String line = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    return line.replace('\n', ' ').replace('\r', ' ');
  }
}
