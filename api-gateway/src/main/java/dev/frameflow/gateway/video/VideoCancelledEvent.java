package dev.frameflow.gateway.video;

import java.time.Instant;
import java.util.UUID;

/** The {@code video.cancelled} event (docs/events.md). */
public record VideoCancelledEvent(UUID eventId, String type, UUID videoId, Instant occurredAt) {

  public static final String TYPE = "video.cancelled";
}
