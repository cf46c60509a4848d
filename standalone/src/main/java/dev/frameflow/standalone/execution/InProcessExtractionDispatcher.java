package dev.frameflow.standalone.execution;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.VideoCancelledEvent;
import dev.frameflow.contracts.events.VideoUploadedEvent;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.contracts.scheduling.QueuePosition;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractionResult;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.gateway.outbox.OutboxDispatcher;
import dev.frameflow.gateway.outbox.OutboxMessage;
import dev.frameflow.gateway.tracing.TraceParent;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standalone mode's stand-in for RabbitMQ + operator + Kubernetes Job: the outbox relay hands
 * it {@code video.uploaded}, and it runs the same extractor library on a bounded pool of workers,
 * then feeds the outcome back as a {@code video.status} event through the same status service the
 * RabbitMQ listener uses. Outcome event ids are derived from the video id, so running a video twice
 * (after a restart) cannot notify twice.
 *
 * <p>Videos wait in a {@link FairQueue}: a free worker goes to the owner with the fewest running,
 * by the same {@link dev.frameflow.contracts.scheduling.FairShare} as the operator's cap, and
 * waiting videos report QUEUED with their standing every heartbeat, so that the stall sweeper does
 * not fail them.
 *
 * <p>One trace per video, as on the Kubernetes path: the extraction is a span ({@code
 * video.extract}) in the trace of the relay's span that handed the video over (or, when a restart
 * resumes it, of the upload's context kept in the outbox row); the status changes it reports, and
 * so the email and webhooks, are in it too.
 */
public class InProcessExtractionDispatcher implements OutboxDispatcher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InProcessExtractionDispatcher.class);

  private final FairQueue queue;
  private final FrameExtractor extractor;
  private final StatusReporter statuses;
  private final JsonMapper json;
  private final Path workDir;
  private final int transientRetries;
  private final VideoSpans spans;

  public InProcessExtractionDispatcher(
      ExecutorService workers,
      int workerCount,
      FrameExtractor extractor,
      StatusReporter statuses,
      JsonMapper json,
      Path workDir,
      int transientRetries,
      VideoSpans spans) {
    this.spans = spans;
    this.queue = new FairQueue(workers, new FairShare(workerCount));
    this.extractor = extractor;
    this.statuses = statuses;
    this.json = json;
    this.workDir = workDir;
    this.transientRetries = transientRetries;
  }

  @Override
  public void dispatch(OutboxMessage message) {
    switch (message.type()) {
      case VideoUploadedEvent.TYPE ->
          submit(read(message, VideoUploadedEvent.class), traceOf(message));
      case VideoCancelledEvent.TYPE -> cancel(message.videoId());
      default ->
          log.warn("ignoring outbox message {} of unknown type {}", message.id(), message.type());
    }
  }

  private <T> T read(OutboxMessage message, Class<T> type) {
    return json.readValue(message.payload().getBytes(StandardCharsets.UTF_8), type);
  }

  /** The relay's span when it hands the video over; else the context the outbox row kept. */
  private static TraceParent traceOf(OutboxMessage message) {
    TraceParent current = TraceParent.current();
    return current != null
        ? current
        : message.traceparent() == null
            ? null
            : new TraceParent(message.traceparent(), message.tracestate());
  }

  void submit(VideoUploadedEvent event, TraceParent trace) {
    // a repeat of a video still queued or running is ignored, and a finished video can run again
    // (after a restart's recovery)
    queue.offer(
        event.videoId(),
        event.owner() == null ? "" : event.owner().userId(),
        () -> runInSpan(event, trace));
    // a video that has to wait says where it stands at once; the heartbeat keeps it current
    queue
        .standing(event.videoId())
        .ifPresent(
            s -> statuses.queued(event.videoId(), s.position(), s.estimatedStart().orElse(null)));
  }

  private void cancel(UUID videoId) {
    if (queue.cancel(videoId)) {
      log.info("cancelled the extraction of video {}", videoId);
    }
  }

  /** Reports every waiting video's standing: what keeps it from counting as stalled. */
  public void reportQueued() {
    queue
        .standings()
        .forEach((id, s) -> statuses.queued(id, s.position(), s.estimatedStart().orElse(null)));
  }

  private void runInSpan(VideoUploadedEvent event, TraceParent trace) {
    Span span =
        spans.startFrom(
            "video.extract",
            SpanKind.CONSUMER,
            event.videoId(),
            trace == null ? null : trace.traceparent(),
            trace == null ? null : trace.tracestate());
    try (var scope = VideoSpans.enter(span, event.videoId())) {
      runToOutcome(event);
    } finally {
      span.end();
    }
  }

  private void runToOutcome(VideoUploadedEvent event) {
    UUID videoId = event.videoId();
    try {
      statuses.processing(videoId, 0);
      ExtractionResult result = extractWithRetries(event);
      statuses.succeeded(videoId, result.frames(), result.bytes(), event.output());
    } catch (BadInputException e) {
      // the user reads the fixed reason; the detail stays in the log
      log.info("video {} refused: {}", videoId, e.getMessage());
      statuses.failed(videoId, e.userReason());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("extraction of video {} stopped", videoId);
    } catch (RuntimeException e) {
      log.warn("extraction of video {} failed", videoId, e);
      statuses.failed(videoId, FailureReason.INTERNAL.text());
    }
  }

  private ExtractionResult extractWithRetries(VideoUploadedEvent event)
      throws InterruptedException {
    ExtractionRequest request =
        new ExtractionRequest(s3(event.source()), s3(event.output()), event.extraction(), workDir);
    for (int attempt = 1; ; attempt++) {
      try {
        return extractor.extract(request, percent -> statuses.processing(event.videoId(), percent));
      } catch (BadInputException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        if (attempt > transientRetries || Thread.currentThread().isInterrupted()) {
          throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        log.warn("attempt {} at video {} failed, retrying: {}", attempt, event.videoId(), plain(e));
        Thread.sleep(1000L * attempt);
      }
    }
  }

  private static ObjectLocation s3(ObjectRef ref) {
    return new ObjectLocation.S3Object(ref.bucket(), ref.key());
  }

  private static String plain(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Videos submitted and not finished yet. */
  public int inFlight() {
    return queue.size();
  }

  @Override
  public void close() {
    queue.close();
  }

  /** Turns outcomes into {@code video.status} events for the api-gateway's status service. */
  public interface StatusReporter {
    void processing(UUID videoId, int percent);

    void succeeded(UUID videoId, int frames, long bytes, ObjectRef output);

    void failed(UUID videoId, String reason);

    /**
     * Still waiting for a worker, at this standing.
     *
     * @param estimatedStart from recent run times; null before any has finished
     */
    void queued(UUID videoId, QueuePosition standing, Instant estimatedStart);
  }
}
