package dev.frameflow.contracts.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/** {@code video.cancelled}: the owner deleted the video; stop and forget its extraction. */
public record VideoCancelledEvent(
    @Min(1) @Max(Events.SCHEMA_VERSION) Integer schemaVersion,
    @NotNull UUID eventId,
    @NotNull @Pattern(regexp = TYPE) String type,
    @NotNull UUID videoId,
    @NotNull Instant occurredAt) {

  public static final String TYPE = "video.cancelled";

  public static VideoCancelledEvent of(UUID eventId, UUID videoId, Instant occurredAt) {
    return new VideoCancelledEvent(Events.SCHEMA_VERSION, eventId, TYPE, videoId, occurredAt);
  }
}
