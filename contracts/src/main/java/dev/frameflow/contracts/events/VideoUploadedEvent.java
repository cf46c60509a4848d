package dev.frameflow.contracts.events;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/** {@code video.uploaded}: a stored video waits for its extraction (docs/events.md). */
public record VideoUploadedEvent(
    @Min(1) @Max(Events.SCHEMA_VERSION) Integer schemaVersion,
    @NotNull UUID eventId,
    @NotNull @Pattern(regexp = TYPE) String type,
    @NotNull UUID videoId,
    @NotNull Instant occurredAt,
    @NotNull @Valid Owner owner,
    @NotNull @Valid ObjectRef source,
    @NotNull @Valid ObjectRef output,
    String originalFilename,
    @Min(0) long sizeBytes,
    @NotNull @Valid ExtractionOptions extraction) {

  public static final String TYPE = "video.uploaded";

  public static VideoUploadedEvent of(
      UUID eventId,
      UUID videoId,
      Instant occurredAt,
      Owner owner,
      ObjectRef source,
      ObjectRef output,
      String originalFilename,
      long sizeBytes,
      ExtractionOptions extraction) {
    return new VideoUploadedEvent(
        Events.SCHEMA_VERSION,
        eventId,
        TYPE,
        videoId,
        occurredAt,
        owner,
        source,
        output,
        originalFilename,
        sizeBytes,
        extraction);
  }
}
