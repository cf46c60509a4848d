package dev.frameflow.gateway.resumable;

import dev.frameflow.gateway.video.ContainerFormat;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code resumable_upload}. */
record ResumableUpload(
    UUID id,
    UUID ownerId,
    UUID videoId,
    long length,
    long offset,
    int tailBytes,
    String metadata,
    String fileName,
    String contentType,
    ContainerFormat container,
    String s3UploadId,
    Instant createdAt,
    Instant expiresAt,
    Instant completedAt) {

  boolean completed() {
    return completedAt != null;
  }

  /** Bytes already in S3 parts (every part but the last is exactly the part size). */
  long bytesInParts() {
    return offset - tailBytes;
  }

  boolean expired(Instant now) {
    return !completed() && !expiresAt.isAfter(now);
  }
}
