package dev.frameflow.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues a delivery for each of the owner's endpoints that wants the event. Called inside the
 * transaction that changes the video, so a change and its webhooks commit together. The event id is
 * derived from the video and the event type: a status applied twice queues nothing new.
 */
@Component
public class WebhookEvents {

  private final WebhookRepository webhooks;
  private final JsonMapper json;

  public WebhookEvents(WebhookRepository webhooks, JsonMapper json) {
    this.webhooks = webhooks;
    this.json = json;
  }

  /**
   * @param data what the event says about the video (status, frames, reason...); nulls are left out
   */
  public void videoChanged(
      UUID ownerId, UUID videoId, WebhookEventType type, Map<String, Object> data, Instant now) {
    UUID eventId = eventId(videoId, type);
    for (WebhookEndpoint endpoint : webhooks.ownedBy(ownerId)) {
      if (endpoint.wants(type)) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("videoId", videoId.toString());
        data.forEach(
            (key, value) -> {
              if (value != null) {
                body.put(key, value);
              }
            });
        webhooks.enqueue(
            endpoint.id(), eventId, type, payload(eventId, type, now, body), now, videoId);
      }
    }
  }

  /** The {@code webhook.test} event, for one endpoint, on request. */
  public UUID test(WebhookEndpoint endpoint, Instant now) {
    UUID eventId = UUID.randomUUID();
    webhooks.enqueue(
        endpoint.id(),
        eventId,
        WebhookEventType.TEST,
        payload(eventId, WebhookEventType.TEST, now, Map.of("message", "a test event")),
        now,
        null);
    return eventId;
  }

  static UUID eventId(UUID videoId, WebhookEventType type) {
    return UUID.nameUUIDFromBytes(
        ("webhook:" + videoId + ":" + type.id()).getBytes(StandardCharsets.UTF_8));
  }

  private String payload(UUID eventId, WebhookEventType type, Instant now, Map<String, ?> data) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", eventId.toString());
    envelope.put("type", type.id());
    envelope.put("createdAt", now.toString());
    envelope.put("data", data);
    return json.writeValueAsString(envelope);
  }
}
