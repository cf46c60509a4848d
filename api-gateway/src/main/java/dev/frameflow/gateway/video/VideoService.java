package dev.frameflow.gateway.video;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.Owner;
import dev.frameflow.contracts.events.VideoCancelledEvent;
import dev.frameflow.contracts.events.VideoUploadedEvent;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.gateway.auth.User;
import dev.frameflow.gateway.auth.UserRepository;
import dev.frameflow.gateway.outbox.OutboxRepository;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.storage.ObjectStorage;
import dev.frameflow.gateway.storage.StorageProperties;
import dev.frameflow.gateway.tracing.VideoLogContext;
import dev.frameflow.gateway.tracing.VideoSpans;
import dev.frameflow.gateway.webhook.WebhookEventType;
import dev.frameflow.gateway.webhook.WebhookEvents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The life of a video from the owner's side: register, read, download, cancel. */
@Service
public class VideoService {

  public static final Duration DOWNLOAD_LINK_VALIDITY = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(VideoService.class);

  private final VideoRepository videos;
  private final UserRepository users;
  private final OutboxRepository outbox;
  private final ObjectStorage storage;
  private final StorageProperties s3;
  private final TransactionTemplate transaction;
  private final Clock clock;

  private final WebhookEvents webhooks;

  public VideoService(
      VideoRepository videos,
      UserRepository users,
      OutboxRepository outbox,
      ObjectStorage storage,
      StorageProperties s3,
      TransactionTemplate transaction,
      Clock clock,
      WebhookEvents webhooks) {
    this.webhooks = webhooks;
    this.videos = videos;
    this.users = users;
    this.outbox = outbox;
    this.storage = storage;
    this.s3 = s3;
    this.transaction = transaction;
    this.clock = clock;
  }

  public static String sourceKey(UUID videoId) {
    return "videos/" + videoId + "/source";
  }

  public static String outputKey(UUID videoId) {
    return "videos/" + videoId + "/frames.zip";
  }

  /**
   * Writes the video row (QUEUED) and its {@code video.uploaded} outbox row in one transaction:
   * either both exist or neither.
   */
  public Video register(UUID ownerId, StoredUpload upload, ExtractionOptions options) {
    return registerAll(ownerId, List.of(upload), options, registered -> {}).get(0);
  }

  /**
   * Registers every upload of one request in ONE transaction (all the videos and their outbox rows,
   * or none), and runs {@code alsoInTransaction} in it (the idempotency record of the answer).
   */
  public List<Video> registerAll(
      UUID ownerId,
      List<StoredUpload> uploads,
      ExtractionOptions options,
      Consumer<List<Video>> alsoInTransaction) {
    User owner = users.findById(ownerId).orElseThrow(() -> ApiProblem.notFound("no such user"));
    Instant now = clock.instant();
    List<Video> created = new ArrayList<>();
    List<VideoUploadedEvent> events = new ArrayList<>();
    for (StoredUpload upload : uploads) {
      ObjectRef output = new ObjectRef(s3.resultBucket(), outputKey(upload.videoId()));
      Video video =
          new Video(
              upload.videoId(),
              ownerId,
              VideoStatus.QUEUED,
              upload.originalFilename(),
              upload.contentType(),
              upload.container(),
              upload.sizeBytes(),
              upload.source(),
              output,
              options,
              null,
              null,
              null,
              null,
              now,
              now,
              null,
              null);
      created.add(video);
      events.add(
          VideoUploadedEvent.of(
              UUID.randomUUID(),
              video.id(),
              now,
              new Owner(owner.id().toString(), owner.email()),
              video.source(),
              output,
              video.originalFilename(),
              video.sizeBytes(),
              options));
    }
    transaction.executeWithoutResult(
        status -> {
          for (int i = 0; i < created.size(); i++) {
            videos.insert(created.get(i));
            outbox.append(
                events.get(i).eventId(),
                VideoUploadedEvent.TYPE,
                created.get(i).id(),
                events.get(i));
          }
          alsoInTransaction.accept(created);
        });
    accepted(created);
    return created;
  }

  /**
   * The current span (the upload's) names its video; a request of several files names them all. One
   * INFO line per video, the first of its life.
   */
  private static void accepted(List<Video> created) {
    Span current = Span.current();
    if (created.size() == 1) {
      current.setAttribute(VideoSpans.VIDEO_ID, created.get(0).id().toString());
    }
    current.setAttribute(
        AttributeKey.stringArrayKey("video.ids"),
        created.stream().map(video -> video.id().toString()).toList());
    for (Video video : created) {
      try (var logged = VideoLogContext.put(video.id())) {
        log.info(
            "video {} accepted: {} bytes stored ({})",
            video.id(),
            video.sizeBytes(),
            video.container());
      }
    }
  }

  public Video get(UUID ownerId, UUID videoId) {
    return videos
        .findOwned(videoId, ownerId)
        .orElseThrow(() -> ApiProblem.notFound("no video with id " + videoId));
  }

  public record Page(List<Video> items, int page, int size, long total) {}

  public Page list(UUID ownerId, VideoStatus status, int page, int size) {
    return new Page(
        videos.pageOwned(ownerId, status, page, size),
        page,
        size,
        videos.countOwned(ownerId, status));
  }

  /** A short-lived link to the ZIP; 409 while there is none. */
  public URI downloadLink(UUID ownerId, UUID videoId) {
    Video video = get(ownerId, videoId);
    if (video.status() != VideoStatus.SUCCEEDED) {
      throw ApiProblem.of(
          ProblemType.VIDEO_NOT_READY,
          "the frames are not ready: the video is " + video.status().name().toLowerCase());
    }
    return storage.presignedDownload(
        video.output(), DOWNLOAD_LINK_VALIDITY, downloadName(video.originalFilename()));
  }

  /**
   * Cancels the video: the first call marks it CANCELLED and queues {@code video.cancelled} (one
   * transaction); every call deletes the objects, so a repeat finishes what a failed one left.
   */
  public void cancel(UUID ownerId, UUID videoId) {
    Video video =
        transaction.execute(
            status -> {
              Video locked =
                  videos
                      .lock(videoId)
                      .filter(v -> v.ownerId().equals(ownerId))
                      .orElseThrow(() -> ApiProblem.notFound("no video with id " + videoId));
              if (locked.status() != VideoStatus.CANCELLED) {
                Instant now = clock.instant();
                videos.markCancelled(videoId, now);
                UUID eventId = UUID.randomUUID();
                outbox.append(
                    eventId,
                    VideoCancelledEvent.TYPE,
                    videoId,
                    VideoCancelledEvent.of(eventId, videoId, now));
                webhooks.videoChanged(
                    ownerId,
                    videoId,
                    WebhookEventType.VIDEO_CANCELLED,
                    Map.of("status", VideoStatus.CANCELLED.name()),
                    now);
              }
              return locked;
            });
    deleteObjects(video);
  }

  /**
   * Deletes the result a job wrote for a video that no longer exists (deleted with its account
   * while the job ran), and its source should a delete have missed it: their keys are the ones
   * every video of this id gets.
   */
  public void deleteLateResult(UUID videoId) {
    deleteQuietly(new ObjectRef(s3.resultBucket(), outputKey(videoId)));
    deleteQuietly(new ObjectRef(s3.uploadBucket(), sourceKey(videoId)));
  }

  /** Removes the source and any result; failures are logged and left for a repeated DELETE. */
  public void deleteObjects(Video video) {
    for (ObjectRef object : List.of(video.source(), video.output())) {
      deleteQuietly(object);
    }
  }

  /** Removes a result that came too late to be wanted (the video failed meanwhile). */
  public void deleteResult(Video video) {
    deleteQuietly(video.output());
  }

  private void deleteQuietly(ObjectRef object) {
    try {
      storage.delete(object);
    } catch (RuntimeException e) {
      log.warn("could not delete {}/{}: {}", object.bucket(), object.key(), e.toString());
    }
  }

  private static String downloadName(String originalFilename) {
    String base =
        originalFilename == null || originalFilename.isBlank() ? "video" : originalFilename;
    int dot = base.lastIndexOf('.');
    return (dot > 0 ? base.substring(0, dot) : base) + "-frames.zip";
  }
}
