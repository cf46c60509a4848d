package dev.frameflow.operator.bridge;

/** A message that no retry can fix: it goes to the dead-letter queue with this reason logged. */
public class MalformedMessageException extends Exception {

  public MalformedMessageException(String reason) {
    super(reason);
  }
}
