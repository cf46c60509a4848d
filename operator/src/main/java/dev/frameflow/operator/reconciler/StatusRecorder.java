package dev.frameflow.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;

/**
 * The one way a pass's status changes reach the API server: it remembers the status as the pass
 * found it ({@link #begin}), derives the conditions and the phase's Event ({@link #settle}), and
 * patches the status only when it differs ({@link #record}), so that an idle pass writes nothing.
 */
final class StatusRecorder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(StatusRecorder.class);

  private final KubernetesEvents events;

  StatusRecorder(KubernetesEvents events) {
    this.events = events;
  }

  /** The status as a pass found it, to compare with what the pass leaves. */
  record Pass(VideoJob videoJob, String before, Phase previous, Instant now) {

    VideoJobStatus status() {
      return videoJob.getStatus();
    }

    boolean changed() {
      return !json(videoJob.getStatus()).equals(before);
    }

    boolean isFinal() {
      return status().getPhase() != null && status().getPhase().isFinal();
    }
  }

  /** Starts a pass: the VideoJob gets an empty status if it has none. */
  Pass begin(VideoJob videoJob) {
    if (videoJob.getStatus() == null) {
      videoJob.setStatus(new VideoJobStatus());
    }
    VideoJobStatus status = videoJob.getStatus();
    return new Pass(videoJob, json(status), status.getPhase(), Instant.now());
  }

  /** The conditions and generation that follow from the phase, and an Event for a new phase. */
  void settle(Pass pass) {
    VideoJob videoJob = pass.videoJob();
    setConditions(videoJob);
    pass.status().setObservedGeneration(videoJob.getMetadata().getGeneration());
    recordTransition(videoJob, pass.previous());
  }

  /** A status patch when the pass changed anything; a look again after {@code next} if given. */
  UpdateControl<VideoJob> record(Pass pass, Duration next) {
    UpdateControl<VideoJob> control =
        pass.changed() ? UpdateControl.patchStatus(pass.videoJob()) : UpdateControl.noUpdate();
    return next == null ? control : control.rescheduleAfter(next);
  }

  /**
   * The failed pass written into the status, so that {@code kubectl get vj -o wide} shows why
   * (RBAC, quota, an API server refusing): condition {@code ReconcileError} with the HTTP code or
   * exception as reason.
   */
  ErrorStatusUpdateControl<VideoJob> recordError(VideoJob videoJob, int attempt, Exception e) {
    if (videoJob.getStatus() == null) {
      videoJob.setStatus(new VideoJobStatus());
    }
    String reason =
        e instanceof KubernetesClientException k && k.getCode() > 0
            ? "ApiServer" + k.getCode()
            : e.getClass().getSimpleName();
    String message = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    StatusConditions.set(
        videoJob.getStatus().getConditions(),
        StatusConditions.RECONCILE_ERROR,
        true,
        reason,
        message,
        videoJob.getMetadata().getGeneration());
    videoJob.getStatus().setMessage("reconcile failed (attempt " + attempt + "): " + message);
    return ErrorStatusUpdateControl.patchStatus(videoJob);
  }

  /** The VideoJob fails for {@code reason}: phase, message, completion time, Failed condition. */
  static void fail(VideoJob videoJob, String reason, String message) {
    VideoJobStatus status = videoJob.getStatus();
    status.setPhase(Phase.Failed);
    status.setMessage(message);
    if (status.getCompletionTime() == null) {
      status.setCompletionTime(Instant.now().toString());
    }
    StatusConditions.set(
        status.getConditions(),
        StatusConditions.FAILED,
        true,
        reason,
        message,
        videoJob.getMetadata().getGeneration());
  }

  /** One line of at most 1000 characters: a status message, not a log. */
  static String oneLine(String text) {
    String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return line.length() > 1000 ? line.substring(0, 1000) : line;
  }

  private static void setConditions(VideoJob videoJob) {
    VideoJobStatus status = videoJob.getStatus();
    Long generation = videoJob.getMetadata().getGeneration();
    Phase phase = status.getPhase();
    StatusConditions.set(
        status.getConditions(),
        StatusConditions.READY,
        phase == Phase.Succeeded,
        phase == null ? "Unknown" : phase.name(),
        status.getMessage(),
        generation);
    if (phase != Phase.Failed) {
      StatusConditions.set(
          status.getConditions(),
          StatusConditions.FAILED,
          false,
          phase == null ? "Unknown" : phase.name(),
          "",
          generation);
    }
  }

  private void recordTransition(VideoJob videoJob, Phase previous) {
    VideoJobStatus status = videoJob.getStatus();
    Phase phase = status.getPhase();
    if (phase == previous || phase == null) {
      return;
    }
    switch (phase) {
      case Queued -> events.normal(videoJob, "Queued", status.getMessage());
      case Pending -> {} // JobCreated says it
      case Running -> events.normal(videoJob, "Running", status.getMessage());
      case Succeeded -> events.normal(videoJob, "Succeeded", status.getMessage());
      case Failed -> events.warning(videoJob, "Failed", status.getMessage());
    }
    logTransition(videoJob, phase);
  }

  /**
   * The INFO lines an operator greps for (the JSON line also has {@code video_id}): queued,
   * started, and finished or failed with the time since the VideoJob was created (also the JSON
   * field {@code duration_ms}).
   */
  private static void logTransition(VideoJob videoJob, Phase phase) {
    VideoJobStatus status = videoJob.getStatus();
    String videoId = videoJob.getSpec() == null ? null : videoJob.getSpec().videoId();
    switch (phase) {
      case Queued -> log.info("video {} queued: {}", videoId, status.getMessage());
      case Pending -> {}
      case Running -> log.info("video {} started", videoId);
      case Succeeded -> {
        Long took = millisSinceCreated(videoJob);
        log.atInfo()
            .addKeyValue(DURATION_MS, took)
            .log(
                "video {} finished in {} ms: {} frames",
                videoId,
                took,
                status.getResult() == null ? null : status.getResult().frames());
      }
      case Failed -> {
        Long took = millisSinceCreated(videoJob);
        log.atInfo()
            .addKeyValue(DURATION_MS, took)
            .log("video {} failed after {} ms: {}", videoId, took, status.getMessage());
      }
    }
  }

  /** The JSON log field of a finished or failed video's duration, in milliseconds. */
  static final String DURATION_MS = "duration_ms";

  /** From the VideoJob's creation (the upload reached the operator) to now; null if unknown. */
  private static Long millisSinceCreated(VideoJob videoJob) {
    try {
      return Duration.between(
              Instant.parse(videoJob.getMetadata().getCreationTimestamp()), Instant.now())
          .toMillis();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String json(VideoJobStatus status) {
    try {
      return JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
