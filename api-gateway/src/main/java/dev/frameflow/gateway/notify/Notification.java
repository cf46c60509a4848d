package dev.frameflow.gateway.notify;

import java.time.Instant;
import java.util.UUID;

/** A row of the notification log: one email per video outcome. */
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
    Instant sentAt) {}
