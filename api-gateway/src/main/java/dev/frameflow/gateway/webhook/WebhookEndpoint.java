package dev.frameflow.gateway.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A URL a user wants called, for which events, signed with which secret. */
public record WebhookEndpoint(
    UUID id,
    UUID ownerId,
    URI url,
    Set<WebhookEventType> eventTypes,
    String secret,
    Instant createdAt) {

  public boolean wants(WebhookEventType type) {
    return type == WebhookEventType.TEST || eventTypes.contains(type);
  }
}
