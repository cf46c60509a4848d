package dev.frameflow.gateway.status;

import java.util.UUID;

/**
 * Published (in-process, after the commit) when a {@code video.status} event changed a video row;
 * the live status stream pushes it to the owner's open pages at once.
 */
public record VideoStatusApplied(UUID videoId) {}
