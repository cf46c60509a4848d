package dev.frameflow.standalone.execution;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.scheduling.QueuePosition;
import dev.frameflow.gateway.status.VideoStatusService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports in-process outcomes through the api-gateway's {@link VideoStatusService}, exactly as the
 * RabbitMQ listener does with the operator's events. Outcome event ids are name-based on the video
 * id and outcome, so a second run of the same video is recognised as a duplicate; progress is
 * reported in steps of ten percent.
 */
public class StatusServiceReporter implements InProcessExtractionDispatcher.StatusReporter {

  private static final int PROGRESS_STEP = 10;

  /** The standalone mode runs each extraction once, in process. */
  private static final int ATTEMPTS = 1;

  private final VideoStatusService statuses;
  private final Clock clock;
  private final Map<UUID, Integer> lastReportedStep = new ConcurrentHashMap<>();

  public StatusServiceReporter(VideoStatusService statuses, Clock clock) {
    this.statuses = statuses;
    this.clock = clock;
  }

  @Override
  public void processing(UUID videoId, int percent) {
    int step = Math.min(percent, 99) / PROGRESS_STEP;
    Integer previous = lastReportedStep.put(videoId, step);
    if (previous != null && previous >= step) {
      return;
    }
    statuses.apply(
        VideoStatusEvent.processing(UUID.randomUUID(), videoId, clock.instant(), step * 10));
  }

  @Override
  public void succeeded(UUID videoId, int frames, long bytes, ObjectRef output) {
    lastReportedStep.remove(videoId);
    statuses.apply(
        VideoStatusEvent.succeeded(
            outcomeId(videoId, "SUCCEEDED"),
            videoId,
            clock.instant(),
            frames,
            bytes,
            output,
            ATTEMPTS));
  }

  @Override
  public void failed(UUID videoId, String reason) {
    lastReportedStep.remove(videoId);
    statuses.apply(
        VideoStatusEvent.failed(
            outcomeId(videoId, "FAILED"), videoId, clock.instant(), reason, ATTEMPTS));
  }

  @Override
  public void queued(UUID videoId, QueuePosition standing, Instant estimatedStart) {
    statuses.apply(
        VideoStatusEvent.queued(
            UUID.randomUUID(),
            videoId,
            clock.instant(),
            new VideoStatusEvent.QueueStanding(
                standing.inQueue(),
                standing.amongOwners(),
                standing.queueLength(),
                estimatedStart)));
  }

  static UUID outcomeId(UUID videoId, String outcome) {
    return UUID.nameUUIDFromBytes(
        ("standalone:" + videoId + ":" + outcome).getBytes(StandardCharsets.UTF_8));
  }
}
