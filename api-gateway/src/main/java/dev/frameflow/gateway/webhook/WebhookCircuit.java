package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * An endpoint's circuit, from its consecutive failed attempts: closed while they are below the
 * threshold; then open (nothing is sent) until {@code openUntil}; then half-open, when one delivery
 * probes the endpoint. A success closes it; a failed probe opens it again for twice as long, so a
 * dead endpoint costs one attempt per {@code circuitMaxOpenFor} instead of a worker per retry.
 */
public record WebhookCircuit(int consecutiveFailures, Instant openUntil) {

  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  public State state(Instant now) {
    if (openUntil == null) {
      return State.CLOSED;
    }
    return openUntil.isAfter(now) ? State.OPEN : State.HALF_OPEN;
  }

  /**
   * Until when the circuit stays open after the failure that made {@code consecutiveFailures}
   * failures in a row; {@code null} while they are below the threshold.
   */
  static Instant openUntilAfter(
      int consecutiveFailures, WebhookProperties properties, Instant now) {
    int beyond = consecutiveFailures - properties.circuitFailureThreshold() + 1;
    if (beyond < 1) {
      return null;
    }
    Duration open =
        new Backoff(properties.circuitOpenFor(), properties.circuitMaxOpenFor()).after(beyond);
    return now.plus(open);
  }
}
