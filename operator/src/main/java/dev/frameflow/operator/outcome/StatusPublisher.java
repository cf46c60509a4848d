package dev.frameflow.operator.outcome;

import dev.frameflow.contracts.events.VideoStatusEvent;

/** Publishes {@code video.status}; returns only once the broker has taken responsibility. */
public interface StatusPublisher {

  void publish(VideoStatusEvent event) throws PublishFailedException;

  /** The broker did not confirm the message (nack, timeout, no queue bound, connection lost). */
  class PublishFailedException extends Exception {
    public PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
