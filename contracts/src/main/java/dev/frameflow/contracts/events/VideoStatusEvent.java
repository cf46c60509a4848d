package dev.frameflow.contracts.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code video.status}: how an extraction is going or how it ended (docs/events.md). {@code queue}
 * only comes with QUEUED (a video still waiting for a slot: the heartbeat that keeps it from
 * counting as stalled); {@code progressPercent} and {@code framesWritten} only with PROCESSING;
 * {@code frames}, {@code bytes} and {@code output} with SUCCEEDED; {@code reason} with FAILED.
 */
public record VideoStatusEvent(
    @Min(1) @Max(Events.SCHEMA_VERSION) Integer schemaVersion,
    @NotNull UUID eventId,
    @NotNull @Pattern(regexp = TYPE) String type,
    @NotNull UUID videoId,
    @NotNull Instant occurredAt,
    @NotNull Status status,
    @Min(0) Integer frames,
    @Min(0) Long bytes,
    @Valid ObjectRef output,
    @Size(max = MAX_REASON_CHARS) String reason,
    @Min(0) Integer attempts,
    @Min(0) @Max(100) Integer progressPercent,
    @Min(0) Integer framesWritten,
    @Valid QueueStanding queue) {

  public static final String TYPE = "video.status";

  /**
   * Where a waiting video stands (counted from 1) and when it should start.
   *
   * @param position in the whole queue
   * @param ownerPosition among its owner's waiting videos
   * @param queueLength how many videos wait
   * @param estimatedStartAt an estimate from recent run times, labelled as one wherever shown;
   *     absent when nothing has run yet
   */
  public record QueueStanding(
      @NotNull @Min(1) Integer position,
      @NotNull @Min(1) Integer ownerPosition,
      @NotNull @Min(1) Integer queueLength,
      Instant estimatedStartAt) {}

  /** Longer reasons are cut by their producer. */
  public static final int MAX_REASON_CHARS = 1000;

  /** What a video's extraction reports: still waiting, under way, or one of the two outcomes. */
  public enum Status {
    QUEUED,
    PROCESSING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
      return this == SUCCEEDED || this == FAILED;
    }
  }

  public static VideoStatusEvent succeeded(
      UUID eventId,
      UUID videoId,
      Instant occurredAt,
      int frames,
      long bytes,
      ObjectRef output,
      Integer attempts) {
    return new VideoStatusEvent(
        Events.SCHEMA_VERSION,
        eventId,
        TYPE,
        videoId,
        occurredAt,
        Status.SUCCEEDED,
        frames,
        bytes,
        output,
        null,
        attempts,
        null,
        null,
        null);
  }

  public static VideoStatusEvent failed(
      UUID eventId, UUID videoId, Instant occurredAt, String reason, Integer attempts) {
    return new VideoStatusEvent(
        Events.SCHEMA_VERSION,
        eventId,
        TYPE,
        videoId,
        occurredAt,
        Status.FAILED,
        null,
        null,
        null,
        reason,
        attempts,
        null,
        null,
        null);
  }

  public static VideoStatusEvent processing(
      UUID eventId, UUID videoId, Instant occurredAt, Integer progressPercent) {
    return processing(eventId, videoId, occurredAt, progressPercent, null);
  }

  /** PROCESSING with the frames already in the ZIP, when the extractor reported them. */
  public static VideoStatusEvent processing(
      UUID eventId,
      UUID videoId,
      Instant occurredAt,
      Integer progressPercent,
      Integer framesWritten) {
    return new VideoStatusEvent(
        Events.SCHEMA_VERSION,
        eventId,
        TYPE,
        videoId,
        occurredAt,
        Status.PROCESSING,
        null,
        null,
        null,
        null,
        null,
        progressPercent,
        framesWritten,
        null);
  }

  /** QUEUED: still waiting for a slot, at this place in the queue. */
  public static VideoStatusEvent queued(
      UUID eventId, UUID videoId, Instant occurredAt, QueueStanding queue) {
    return new VideoStatusEvent(
        Events.SCHEMA_VERSION,
        eventId,
        TYPE,
        videoId,
        occurredAt,
        Status.QUEUED,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        queue);
  }
}
