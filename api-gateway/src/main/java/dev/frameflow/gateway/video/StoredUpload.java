package dev.frameflow.gateway.video;

import dev.frameflow.contracts.events.ObjectRef;
import java.util.UUID;

/** A file that is safely in S3 but not yet registered as a video. */
public record StoredUpload(
    UUID videoId,
    ObjectRef source,
    String originalFilename,
    String contentType,
    ContainerFormat container,
    long sizeBytes) {}
