package dev.frameflow.gateway.webhook;

import dev.frameflow.contracts.events.VideoCancelledEvent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a webhook can be told: a video's status changes, and the test event. */
public enum WebhookEventType {
  VIDEO_PROCESSING("video.processing"),
  VIDEO_SUCCEEDED("video.succeeded"),
  VIDEO_FAILED("video.failed"),
  // the same name as the broker event it reports
  VIDEO_CANCELLED(VideoCancelledEvent.TYPE),
  TEST("webhook.test");

  private final String id;

  WebhookEventType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<WebhookEventType> of(String id) {
    String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.id.equals(wanted)).findFirst();
  }
}
