package dev.frameflow.gateway.webhook;

import java.time.Instant;
import java.util.UUID;

/** One event for one endpoint, and how its delivery went so far. */
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
    Instant finishedAt) {

  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }
}
