package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import java.time.Instant;
import java.util.UUID;

/**
 * A video as the API shows it to its owner. {@code failureReason} is a sentence of the failure
 * catalogue, {@code failureCode} its stable code ({@link FailureReason#code()}).
 */
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
    String failureCode,
    ExtractionOptions options,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt,
    String location,
    String download,
    Queue queue) {

  /**
   * Where a QUEUED video stands, as its executor last reported (absent until it has): {@code
   * position} in the whole queue and {@code ownerPosition} among the owner's own videos, from 1;
   * {@code estimatedStartAt} is an estimate from recent run times, never a promise ({@code
   * estimate} says so), absent when nothing has run yet; {@code reportedAt} when it was reported.
   */
  public record Queue(
      int position,
      int ownerPosition,
      int queueLength,
      Instant estimatedStartAt,
      boolean estimate,
      Instant reportedAt) {}

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
        video.failureReason() == null ? null : FailureReason.shown(video.failureReason()).code(),
        video.options(),
        video.createdAt(),
        video.updatedAt(),
        video.finishedAt(),
        location,
        video.status() == VideoStatus.SUCCEEDED ? location + "/download" : null,
        video.status() == VideoStatus.QUEUED && video.queue() != null
            ? new Queue(
                video.queue().position(),
                video.queue().ownerPosition(),
                video.queue().queueLength(),
                video.queue().estimatedStartAt(),
                true,
                video.updatedAt())
            : null);
  }
}
