package dev.frameflow.operator.outcome;

import dev.frameflow.operator.videojob.S3ObjectRef;

/**
 * The {@code video.status} message (docs/events.md). Every field is derived from the VideoJob's
 * recorded status, so a re-publication after a crash is byte-for-byte the same event.
 */
public record VideoStatusEvent(
    String eventId,
    String type,
    String videoId,
    String occurredAt,
    String status,
    Integer frames,
    Long bytes,
    S3ObjectRef output,
    String reason,
    Integer attempts) {

  public static final String TYPE = "video.status";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
}
