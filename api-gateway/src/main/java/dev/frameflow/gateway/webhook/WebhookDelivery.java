package dev.frameflow.gateway.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for one endpoint, and how its delivery went so far. {@code videoId} (null for a test
 * event) and {@code traceparent} (the W3C context of the status change that queued it) put each
 * attempt in the video's trace.
 */
public record WebhookDelivery(
    UUID id,
    UUID endpointId,
    UUID eventId,
    String eventType,
    String payload,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Integer lastStatusCode,
    String lastError,
    Instant createdAt,
    Instant finishedAt,
    UUID videoId,
    String traceparent) {

  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }
}
