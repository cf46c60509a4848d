package dev.frameflow.gateway.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A claimed outbox row: one event to publish. {@code payload} is the event's JSON exactly as it
 * goes on the wire (read it back with the event's record, e.g. {@code VideoUploadedEvent}). {@code
 * traceparent}/{@code tracestate} are the W3C context of the span that wrote the row (the upload,
 * the cancel), or null: the relay continues that trace.
 */
public record OutboxMessage(
    long id,
    UUID eventId,
    String type,
    UUID videoId,
    String payload,
    int attempts,
    Instant createdAt,
    String traceparent,
    String tracestate) {}
