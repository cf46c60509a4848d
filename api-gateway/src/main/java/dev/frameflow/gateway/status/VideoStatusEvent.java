package dev.frameflow.gateway.status;

import dev.frameflow.gateway.storage.ObjectRef;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code video.status} event (docs/events.md). {@code status} is PROCESSING, SUCCEEDED or
 * FAILED; {@code progressPercent} is optional and only meaningful with PROCESSING.
 */
public record VideoStatusEvent(
    UUID eventId,
    String type,
    UUID videoId,
    Instant occurredAt,
    String status,
    Integer frames,
    Long bytes,
    ObjectRef output,
    String reason,
    Integer attempts,
    Integer progressPercent) {

  public static final String TYPE = "video.status";
}
