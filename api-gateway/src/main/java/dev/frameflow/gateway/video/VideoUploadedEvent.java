package dev.frameflow.gateway.video;

import dev.frameflow.gateway.storage.ObjectRef;
import java.time.Instant;
import java.util.UUID;

/** The {@code video.uploaded} event (docs/events.md): what the operator needs to run a job. */
public record VideoUploadedEvent(
    UUID eventId,
    String type,
    UUID videoId,
    Instant occurredAt,
    Owner owner,
    ObjectRef source,
    ObjectRef output,
    String originalFilename,
    long sizeBytes,
    ExtractionOptions extraction) {

  public static final String TYPE = "video.uploaded";

  public record Owner(UUID userId, String email) {}
}
