package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import java.time.Instant;
import java.util.UUID;

/** A video as the API shows it to its owner. */
public record VideoView(
    UUID id,
    String status,
    String originalFilename,
    long sizeBytes,
    String container,
    Integer progressPercent,
    Integer frames,
    Long resultBytes,
    String failureReason,
    ExtractionOptions options,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt,
    String location,
    String download) {

  public static VideoView of(Video video) {
    String location = "/api/videos/" + video.id();
    return new VideoView(
        video.id(),
        video.status().name(),
        video.originalFilename(),
        video.sizeBytes(),
        video.container().name(),
        video.progressPercent(),
        video.frameCount(),
        video.resultBytes(),
        video.failureReason(),
        video.options(),
        video.createdAt(),
        video.updatedAt(),
        video.finishedAt(),
        location,
        video.status() == VideoStatus.SUCCEEDED ? location + "/download" : null);
  }
}
