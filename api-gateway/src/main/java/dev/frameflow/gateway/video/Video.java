package dev.frameflow.gateway.video;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import java.time.Instant;
import java.util.UUID;

/** A row of the {@code video} table. */
public record Video(
    UUID id,
    UUID ownerId,
    VideoStatus status,
    String originalFilename,
    String contentType,
    ContainerFormat container,
    long sizeBytes,
    ObjectRef source,
    ObjectRef output,
    ExtractionOptions options,
    Integer progressPercent,
    Integer frameCount,
    Long resultBytes,
    String failureReason,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt,
    VideoStatusEvent.QueueStanding queue) {}
