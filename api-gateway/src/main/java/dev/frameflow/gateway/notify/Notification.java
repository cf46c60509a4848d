package dev.frameflow.gateway.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the notification log: one email per video outcome. {@code traceparent} is the W3C
 * context of the span that queued it (the status change), which its sending continues.
 */
public record Notification(
    UUID id,
    UUID userId,
    UUID videoId,
    String outcome,
    String recipient,
    String status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant sentAt,
    String traceparent) {}
