package dev.frameflow.gateway.status;

import dev.frameflow.contracts.events.VideoCancelledEvent;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.gateway.notify.NotificationRepository;
import dev.frameflow.gateway.outbox.OutboxRepository;
import dev.frameflow.gateway.tracing.VideoLogContext;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoRepository;
import dev.frameflow.gateway.video.VideoService;
import dev.frameflow.gateway.video.VideoStatus;
import dev.frameflow.gateway.webhook.WebhookEventType;
import dev.frameflow.gateway.webhook.WebhookEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies {@code video.status} events to the video row, whoever delivers them (the RabbitMQ
 * consumer, or the standalone executor in-process). Exactly once per {@code eventId}; never
 * backwards (a late PROCESSING after SUCCEEDED changes nothing); a finished outcome queues exactly
 * one notification, in the same transaction.
 */
@Service
public class VideoStatusService {

  public enum Result {
    APPLIED,
    DUPLICATE,
    STALE
  }

  private static final Logger log = LoggerFactory.getLogger(VideoStatusService.class);

  /**
   * The JSON log field of the time since the upload, in milliseconds (started, finished, failed).
   */
  static final String DURATION_MS = "duration_ms";

  private final JdbcClient jdbc;
  private final VideoRepository videos;
  private final VideoService videoService;
  private final NotificationRepository notifications;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final WebhookEvents webhooks;
  private final ApplicationEventPublisher published;
  private final OutboxRepository outbox;

  public VideoStatusService(
      JdbcClient jdbc,
      VideoRepository videos,
      VideoService videoService,
      NotificationRepository notifications,
      TransactionTemplate transaction,
      Clock clock,
      WebhookEvents webhooks,
      ApplicationEventPublisher published,
      OutboxRepository outbox) {
    this.jdbc = jdbc;
    this.videos = videos;
    this.videoService = videoService;
    this.notifications = notifications;
    this.transaction = transaction;
    this.clock = clock;
    this.webhooks = webhooks;
    this.published = published;
    this.outbox = outbox;
  }

  /**
   * @throws InvalidStatusEventException when the event can never be applied (the caller should
   *     dead-letter it); any other exception is transient and the event should be retried
   */
  public Result apply(VideoStatusEvent event) {
    validate(event);
    try (var logged = VideoLogContext.put(event.videoId())) {
      VideoStatus next = VideoStatus.valueOf(event.status().name());
      Outcome outcome = transaction.execute(status -> applyInTransaction(event, next));
      return afterCommit(event, outcome);
    }
  }

  /**
   * Fails a video that timed out, and cancels it for real in the same transaction: {@code
   * video.cancelled} goes through the outbox (the operator deletes the VideoJob and its Job, the
   * standalone executor drops it), and its objects are removed after the commit. The failure queues
   * its one notification as any other.
   */
  public Result timeOut(VideoStatusEvent failed) {
    validate(failed);
    try (var logged = VideoLogContext.put(failed.videoId())) {
      return timeOutLogged(failed);
    }
  }

  private Result timeOutLogged(VideoStatusEvent failed) {
    Outcome outcome =
        transaction.execute(
            status -> {
              Outcome applied = applyInTransaction(failed, VideoStatus.FAILED);
              if (applied.result() == Result.APPLIED) {
                UUID eventId =
                    UUID.nameUUIDFromBytes(
                        ("video.cancelled:timed-out:" + failed.videoId())
                            .getBytes(StandardCharsets.UTF_8));
                outbox.append(
                    eventId,
                    VideoCancelledEvent.TYPE,
                    failed.videoId(),
                    VideoCancelledEvent.of(eventId, failed.videoId(), failed.occurredAt()));
              }
              return applied;
            });
    if (outcome.result() == Result.APPLIED) {
      videoService.deleteObjects(outcome.video());
    }
    return afterCommit(failed, outcome);
  }

  private Result afterCommit(VideoStatusEvent event, Outcome outcome) {
    if (outcome.lateResult()) {
      // the job finished after the video was cancelled or failed (timed out): its ZIP has no
      // owner any more
      if (outcome.video().status() == VideoStatus.CANCELLED) {
        videoService.deleteObjects(outcome.video());
      } else {
        videoService.deleteResult(outcome.video());
      }
    }
    if (outcome.lateResultOfDeletedVideo()) {
      // the job finished after the video's row went (its account deleted): the same, by the layout
      log.info("late result of deleted video {}: deleting its objects", event.videoId());
      videoService.deleteLateResult(event.videoId());
    }
    if (outcome.result() == Result.APPLIED) {
      published.publishEvent(new VideoStatusApplied(event.videoId()));
      if (outcome.video() != null) { // only a final state carries the row (as it was)
        Video video = outcome.video();
        published.publishEvent(
            new VideoFinished(
                video.id(),
                VideoStatus.valueOf(event.status().name()),
                video.sizeBytes(),
                video.createdAt(),
                clock.instant()));
      }
    }
    return outcome.result();
  }

  /**
   * @param video the row as locked, when there was one
   * @param lateResult whether a result arrived for a video that can no longer have one
   * @param lateResultOfDeletedVideo whether a result arrived for a video whose row went (its
   *     account deleted)
   */
  private record Outcome(
      Result result, Video video, boolean lateResult, boolean lateResultOfDeletedVideo) {
    Outcome(Result result) {
      this(result, null, false, false);
    }
  }

  private Outcome applyInTransaction(VideoStatusEvent event, VideoStatus next) {
    Instant now = clock.instant();
    int fresh =
        jdbc.sql(
                "insert into processed_event (event_id, type, video_id, processed_at)"
                    + " values (?, ?, ?, ?) on conflict (event_id) do nothing")
            .params(event.eventId(), VideoStatusEvent.TYPE, event.videoId(), Timestamp.from(now))
            .update();
    if (fresh == 0) {
      return new Outcome(Result.DUPLICATE);
    }
    Optional<Video> found = videos.lock(event.videoId());
    if (found.isEmpty() && next == VideoStatus.SUCCEEDED) {
      // the video went with its deleted account while its job ran: the ZIP has no owner (deleted
      // after the transaction; not dead-lettered, it is no fault)
      return new Outcome(Result.STALE, null, false, true);
    }
    Video video =
        found.orElseThrow(() -> new InvalidStatusEventException("no video " + event.videoId()));
    boolean noResultWanted =
        video.status() == VideoStatus.CANCELLED || video.status() == VideoStatus.FAILED;
    if (noResultWanted && next == VideoStatus.SUCCEEDED) {
      log.info("deleting the late result of video {}: it is {}", video.id(), video.status());
      return new Outcome(Result.STALE, video, true, false);
    }
    if (video.status() == VideoStatus.CANCELLED) {
      return new Outcome(Result.STALE);
    }
    if (next == VideoStatus.QUEUED) {
      return new Outcome(applyQueued(video, event, now));
    }
    if (next == VideoStatus.PROCESSING) {
      return new Outcome(applyProgress(video, event, now));
    }
    if (!video.status().mayMoveTo(next)) {
      log.info("ignoring {} for video {}: it is already {}", next, video.id(), video.status());
      return new Outcome(Result.STALE);
    }
    String reason = next == VideoStatus.FAILED ? failureReason(event) : null;
    videos.markFinished(video.id(), next, event.frames(), event.bytes(), reason, now);
    long took = Duration.between(video.createdAt(), now).toMillis();
    log.atInfo()
        .addKeyValue(DURATION_MS, took)
        .log(
            "video {} {} {} ms after its upload{}",
            video.id(),
            next == VideoStatus.SUCCEEDED ? "finished" : "failed",
            took,
            next == VideoStatus.SUCCEEDED
                ? ": " + event.frames() + " frames, " + event.bytes() + " bytes"
                : ": " + FailureReason.shown(reason).code());
    notifications.createPending(video.id(), video.ownerId(), next, now);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", next.name());
    data.put("frames", next == VideoStatus.SUCCEEDED ? event.frames() : null);
    data.put("bytes", next == VideoStatus.SUCCEEDED ? event.bytes() : null);
    data.put("reason", reason);
    data.put("reasonCode", reason == null ? null : FailureReason.shown(reason).code());
    webhooks.videoChanged(
        video.ownerId(),
        video.id(),
        next == VideoStatus.SUCCEEDED
            ? WebhookEventType.VIDEO_SUCCEEDED
            : WebhookEventType.VIDEO_FAILED,
        data,
        now);
    return new Outcome(Result.APPLIED, video, false, false);
  }

  /**
   * The heartbeat of a video waiting for a slot: its row moves, so that the stall sweeper does not
   * count waiting one's turn as being stuck. A video still QUEUED also takes where it stands. A
   * PROCESSING video takes it too: its run was taken back (Kueue preempted or evicted its Job) and
   * it waits to be admitted again; it stays PROCESSING (a status never goes back) with the progress
   * it had, and is not timed out however long the wait.
   */
  private Result applyQueued(Video video, VideoStatusEvent event, Instant now) {
    if (video.status() == VideoStatus.QUEUED) {
      videos.markStillQueued(video.id(), event.queue(), now);
      return Result.APPLIED;
    }
    if (video.status() == VideoStatus.PROCESSING) {
      videos.markWaitingAgain(video.id(), now);
      return Result.APPLIED;
    }
    return Result.STALE;
  }

  private Result applyProgress(Video video, VideoStatusEvent event, Instant now) {
    Integer progress = event.progressPercent();
    if (video.status() == VideoStatus.QUEUED) {
      videos.markProcessing(video.id(), progress, now);
      long waited = Duration.between(video.createdAt(), now).toMillis();
      log.atInfo()
          .addKeyValue(DURATION_MS, waited)
          .log("video {} started {} ms after its upload", video.id(), waited);
      webhooks.videoChanged(
          video.ownerId(),
          video.id(),
          WebhookEventType.VIDEO_PROCESSING,
          Map.of("status", VideoStatus.PROCESSING.name()),
          now);
      return Result.APPLIED;
    }
    boolean moreProgress =
        video.status() == VideoStatus.PROCESSING
            && progress != null
            && (video.progressPercent() == null || progress > video.progressPercent());
    if (moreProgress) {
      videos.markProcessing(video.id(), progress, now);
      return Result.APPLIED;
    }
    return Result.STALE;
  }

  /**
   * The catalogue's sentence for the event's reason ({@link FailureReason#shown}): whatever a
   * producer sends, the owner, the email and the webhook read only those. Anything else (an older
   * operator's message quoting an image path, an address or a quota) is logged for operators.
   */
  private static String failureReason(VideoStatusEvent event) {
    String reason = event.reason();
    FailureReason.Shown shown = FailureReason.shown(reason);
    if (reason != null && !shown.text().equals(reason.strip())) {
      log.warn(
          "video {} failed: {} (shown to its owner as {})",
          event.videoId(),
          reason.strip().replaceAll("\\s+", " "),
          shown.code());
    }
    return shown.text();
  }

  /** The contract's validation: required fields, known status, progress within 0..100. */
  private static void validate(VideoStatusEvent event) {
    if (event == null) {
      throw new InvalidStatusEventException("no event");
    }
    List<ContractValidator.Violation> violations = ContractValidator.check(event);
    if (!violations.isEmpty()) {
      throw new InvalidStatusEventException(
          violations.stream()
              .map(ContractValidator.Violation::toString)
              .collect(Collectors.joining("; ")));
    }
  }
}
