package dev.frameflow.extractor;

import java.io.IOException;

/**
 * The source could not be fetched (its URL refused, expired or unreachable): transient, retried by
 * the Job; if it lasts, users read {@code FailureReason.SOURCE_UNREADABLE}.
 */
public class SourceUnreadableException extends IOException {

  public SourceUnreadableException(String detail) {
    super(detail);
  }
}
