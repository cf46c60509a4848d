package dev.frameflow.operator.outcome;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builds the {@code video.status} event of a VideoJob's final outcome. */
public final class OutcomeEvents {

  private OutcomeEvents() {}

  /**
   * A name-based UUID of the VideoJob's uid and outcome: the same VideoJob reaching the same
   * outcome always gets the same id, which is what lets consumers drop a re-publication.
   */
  public static UUID eventId(String videoJobUid, Phase outcome) {
    String name = VideoStatusEvent.TYPE + ":" + videoJobUid + ":" + outcome.name();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  public static VideoStatusEvent of(VideoJob videoJob) {
    VideoJobStatus status = videoJob.getStatus();
    if (status == null || status.getPhase() == null || !status.getPhase().isFinal()) {
      throw new IllegalArgumentException("no final outcome yet");
    }
    UUID eventId = eventId(videoJob.getMetadata().getUid(), status.getPhase());
    UUID videoId = UUID.fromString(videoJob.getSpec().videoId());
    Instant occurredAt = Instant.parse(status.getCompletionTime());
    if (status.getPhase() != Phase.Succeeded) {
      return VideoStatusEvent.failed(
          eventId, videoId, occurredAt, userReason(status), status.getAttempts());
    }
    var result = status.getResult();
    return VideoStatusEvent.succeeded(
        eventId,
        videoId,
        occurredAt,
        result == null || result.frames() == null ? 0 : result.frames(),
        result == null || result.bytes() == null ? 0 : result.bytes(),
        result != null && result.output() != null ? result.output() : videoJob.getSpec().output(),
        status.getAttempts());
  }

  /**
   * What the owner reads for a failed VideoJob: a sentence of the catalogue ({@link
   * FailureReason}), never the status message itself, which is for operators and may quote the API
   * server, the registry or storage (an image path, an address, a quota, an account). The
   * extractor's own reason, quoted in the message, is a catalogue sentence and is kept.
   */
  static String userReason(VideoJobStatus status) {
    String condition =
        status.getConditions() == null
            ? null
            : status.getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> c.getReason())
                .findFirst()
                .orElse(null);
    if ("DeadlineExceeded".equals(condition)) {
      return FailureReason.TIMED_OUT.text();
    }
    FailureReason.Shown shown = FailureReason.shown(status.getMessage());
    if (shown.reason() != FailureReason.INTERNAL) {
      return shown.text();
    }
    String message = String.valueOf(status.getMessage());
    if (message.contains("OOMKilled")) {
      return FailureReason.OUT_OF_MEMORY.text();
    }
    if ("BadInput".equals(condition)) {
      return FailureReason.UNREADABLE.text();
    }
    if ("InvalidSpec".equals(condition)) {
      return FailureReason.INVALID_OPTIONS.text();
    }
    return FailureReason.INTERNAL.text();
  }

  /**
   * {@code PROCESSING} with the recorded percent; its id is derived from the VideoJob's uid and the
   * percent, so a repeat after a lost status patch is a duplicate to consumers.
   */
  public static VideoStatusEvent progress(
      VideoJob videoJob, int percent, Integer framesWritten, Instant at) {
    String name =
        VideoStatusEvent.TYPE + ":" + videoJob.getMetadata().getUid() + ":PROCESSING:" + percent;
    return VideoStatusEvent.processing(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)),
        UUID.fromString(videoJob.getSpec().videoId()),
        at,
        percent,
        framesWritten);
  }

  /**
   * {@code FAILED} for a VideoJob deleted before its outcome was published: the video would
   * otherwise wait forever. For a video the owner cancelled, the api-gateway keeps it CANCELLED.
   */
  public static VideoStatusEvent deletedBeforeFinishing(VideoJob videoJob, Instant at) {
    String name = VideoStatusEvent.TYPE + ":" + videoJob.getMetadata().getUid() + ":DELETED";
    return VideoStatusEvent.failed(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)),
        UUID.fromString(videoJob.getSpec().videoId()),
        at,
        FailureReason.STOPPED.text(),
        videoJob.getStatus() == null ? null : videoJob.getStatus().getAttempts());
  }

  /**
   * QUEUED: the VideoJob still waits for a slot, at {@code standing}; one id per VideoJob and
   * instant (each heartbeat is news to the consumer).
   */
  public static VideoStatusEvent queued(
      VideoJob videoJob, VideoStatusEvent.QueueStanding standing, Instant at) {
    String name =
        VideoStatusEvent.TYPE
            + ":"
            + videoJob.getMetadata().getUid()
            + ":QUEUED:"
            + at.toEpochMilli();
    return VideoStatusEvent.queued(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)),
        UUID.fromString(videoJob.getSpec().videoId()),
        at,
        standing);
  }
}
