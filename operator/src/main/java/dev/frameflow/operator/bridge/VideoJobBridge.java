package dev.frameflow.operator.bridge;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.tracing.VideoSpan;
import dev.frameflow.operator.tracing.VideoTraces;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.opentelemetry.api.trace.SpanKind;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;

/**
 * RabbitMQ → VideoJob. A message is acked only once the API server has the result (created, or
 * already there); a malformed one goes to its dead-letter queue (an upload with its video's FAILED
 * outcome published first); while the API server is unreachable the container's retry (Spring
 * AMQP's {@code RetryInterceptorBuilder}, see {@link BridgeListeners}) tries again with exponential
 * backoff and, when that runs out, requeues the message — never dropped.
 */
public class VideoJobBridge {

  /**
   * Videos cancelled before their VideoJob existed (the two queues are consumed independently, so a
   * cancel can overtake its upload): the upload, when it comes, creates nothing — also after an
   * operator restart, the tombstones being objects in the namespace ({@link CancelTombstones}).
   */
  private final CancelTombstones tombstones;

  private static final Logger log = LoggerFactory.getLogger(VideoJobBridge.class);

  private final KubernetesClient client;
  private final String namespace;
  private final MessagingProperties settings;
  private final StatusPublisher outcomes;
  private final VideoTraces traces;
  private final java.util.concurrent.atomic.AtomicLong kubernetesFailures =
      new java.util.concurrent.atomic.AtomicLong();

  public VideoJobBridge(KubernetesClient client, String namespace, MessagingProperties settings) {
    this(client, namespace, settings, null);
  }

  /**
   * @param outcomes where a dead-lettered upload's {@code FAILED} outcome goes (null: nowhere)
   */
  public VideoJobBridge(
      KubernetesClient client,
      String namespace,
      MessagingProperties settings,
      StatusPublisher outcomes) {
    this(
        client,
        namespace,
        settings,
        outcomes,
        new CancelTombstones(client, namespace, null, java.time.Clock.systemUTC()));
  }

  /**
   * @param tombstones where cancels that overtake their upload are remembered
   */
  public VideoJobBridge(
      KubernetesClient client,
      String namespace,
      MessagingProperties settings,
      StatusPublisher outcomes,
      CancelTombstones tombstones) {
    this(client, namespace, settings, outcomes, tombstones, VideoTraces.none());
  }

  /**
   * @param traces where the bridge's spans go: each upload's span continues the trace its message
   *     carries, and its context is kept on the VideoJob
   */
  public VideoJobBridge(
      KubernetesClient client,
      String namespace,
      MessagingProperties settings,
      StatusPublisher outcomes,
      CancelTombstones tombstones,
      VideoTraces traces) {
    this.client = client;
    this.namespace = namespace;
    this.settings = settings;
    this.outcomes = outcomes;
    this.tombstones = tombstones;
    this.traces = traces;
  }

  /**
   * Creates the VideoJob (or finds it there). Returns normally to have the message acked; throws
   * {@link MalformedMessageException} (wrapped) for the dead-letter queue, and lets a failing
   * Kubernetes call through for the container's retry ({@link BridgeListeners}).
   */
  public void onUploaded(Message message) {
    BridgeMessages.Uploaded uploaded;
    try {
      uploaded = BridgeMessages.uploaded(message.getBody());
    } catch (MalformedMessageException e) {
      throw new AmqpRejectAndDontRequeueException(e.getMessage(), e);
    }
    try (VideoSpan span =
        traces.start(
            "bridge video.uploaded",
            VideoTraces.fromHeaders(message.getMessageProperties().getHeaders()),
            uploaded.videoId().toString(),
            SpanKind.CONSUMER,
            null)) {
      try {
        createVideoJob(uploaded, span);
      } catch (RuntimeException e) {
        span.failed(e);
        throw e;
      }
    }
  }

  /** Creates the VideoJob, with the trace of the bridge's span, unless it was cancelled. */
  private void createVideoJob(BridgeMessages.Uploaded uploaded, VideoSpan span) {
    tombstones.sweepIfDue();
    if (countFailures(() -> tombstones.isCancelled(uploaded.videoId()))) {
      log.info("video {} was cancelled before its upload arrived; no VideoJob", uploaded.videoId());
      return;
    }
    VideoJob videoJob = new VideoJob(VideoJobNames.videoJob(uploaded.videoId()), uploaded.spec());
    videoJob.getMetadata().setNamespace(namespace);
    videoJob.getMetadata().getLabels().put(MetadataKeys.VIDEO_ID, uploaded.videoId().toString());
    videoJob.getMetadata().getLabels().put(MetadataKeys.PART_OF, MetadataKeys.FRAMEFLOW);
    videoJob.getMetadata().getAnnotations().put(MetadataKeys.UPLOADED_EVENT_ID, uploaded.eventId());
    videoJob.getMetadata().getAnnotations().putAll(VideoTraces.annotationsOf(span.context()));
    try {
      countFailures(() -> client.resource(videoJob).create());
      log.info(
          "video {} accepted: created VideoJob {}/{}",
          uploaded.videoId(),
          namespace,
          videoJob.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      log.info(
          "VideoJob {}/{} already exists (redelivery); nothing to do",
          namespace,
          videoJob.getMetadata().getName());
    }
  }

  /** Deletes the VideoJob if there is one, and remembers the cancel (a tombstone). */
  public void onCancelled(Message message) {
    UUID videoId;
    try {
      videoId = BridgeMessages.cancelledVideoId(message.getBody());
    } catch (MalformedMessageException e) {
      throw new AmqpRejectAndDontRequeueException(e.getMessage(), e);
    }
    String name = VideoJobNames.videoJob(videoId);
    // durable before the ack: a restart between this cancel and its upload forgets nothing
    countFailures(
        () -> {
          tombstones.record(videoId);
          return null;
        });
    var resource = client.resources(VideoJob.class).inNamespace(namespace).withName(name);
    try {
      // marks the deletion as a cancel, so that the operator owes the video no outcome
      countFailures(
          () ->
              resource.patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"metadata\":{\"annotations\":{\""
                      + MetadataKeys.CANCELLED
                      + "\":\"true\"}}}"));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
    var deleted = countFailures(resource::delete);
    log.info(
        deleted.isEmpty()
            ? "VideoJob {}/{} to cancel does not exist; nothing to do"
            : "deleted cancelled VideoJob {}/{}",
        namespace,
        name);
  }

  /**
   * A {@code video.uploaded} that goes to the dead-letter queue would leave its video QUEUED
   * forever: publish its {@code FAILED} outcome first, when the message names a video at all. The
   * event id is derived from the message, so a redelivered message fails the video only once.
   */
  void failUpload(Message message, String reason) {
    if (outcomes == null) {
      return;
    }
    Optional<UUID> videoId = BridgeMessages.videoIdOf(message.getBody());
    if (videoId.isEmpty()) {
      log.warn("a dead-lettered upload names no video: no outcome can be published");
      return;
    }
    String seed =
        "video.status:dead-lettered:"
            + videoId.get()
            + ":"
            + message.getMessageProperties().getMessageId();
    log.info("video {} could not be started: {}", videoId.get(), cut(reason));
    VideoStatusEvent failed =
        VideoStatusEvent.failed(
            UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)),
            videoId.get(),
            Instant.now(),
            // the detail (the API server's answer, the message's fault) is for the log alone
            FailureReason.NOT_STARTED.text(),
            0);
    try {
      outcomes.publish(failed);
    } catch (StatusPublisher.PublishFailedException e) {
      // the api-gateway's deadline fails the video later ("timed out"): still no dead end
      log.warn(
          "could not publish the FAILED outcome of video {}: {}", videoId.get(), e.getMessage());
    }
  }

  private static String cut(String reason) {
    String line = reason.replaceAll("\\s+", " ").strip();
    return line.length() > VideoStatusEvent.MAX_REASON_CHARS
        ? line.substring(0, VideoStatusEvent.MAX_REASON_CHARS)
        : line;
  }

  /** Kubernetes calls that failed (each try counts; the container's retry makes the next one). */
  public long kubernetesFailures() {
    return kubernetesFailures.get();
  }

  private <T> T countFailures(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT
          && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        kubernetesFailures.incrementAndGet();
      }
      throw e;
    }
  }

  public CancelTombstones tombstones() {
    return tombstones;
  }

  public MessagingProperties settings() {
    return settings;
  }
}
