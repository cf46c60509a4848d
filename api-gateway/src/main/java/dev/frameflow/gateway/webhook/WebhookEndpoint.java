package dev.frameflow.gateway.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A URL a user wants called, for which events, signed with which secret, and whether it is being
 * backed off after failures (its circuit).
 */
public record WebhookEndpoint(
    UUID id,
    UUID ownerId,
    URI url,
    Set<WebhookEventType> eventTypes,
    String secret,
    Instant createdAt,
    WebhookCircuit circuit) {

  public boolean wants(WebhookEventType type) {
    return type == WebhookEventType.TEST || eventTypes.contains(type);
  }
}
