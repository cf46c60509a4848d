package dev.frameflow.gateway.status;

import dev.frameflow.gateway.video.VideoStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * Published (in-process, after the commit) once per video, when it reaches SUCCEEDED or FAILED
 * (timed out included): the completion SLO's histogram reads it.
 */
public record VideoFinished(
    UUID videoId, VideoStatus status, long sizeBytes, Instant uploadedAt, Instant finishedAt) {}
