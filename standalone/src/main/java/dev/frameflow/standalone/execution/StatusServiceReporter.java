package dev.frameflow.standalone.execution;

import dev.frameflow.contracts.events.Events;
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
        event(UUID.randomUUID(), videoId, "PROCESSING", null, null, null, null, step * 10));
  }

  @Override
  public void succeeded(UUID videoId, int frames, long bytes, ObjectRef output) {
    lastReportedStep.remove(videoId);
    statuses.apply(
        event(
            outcomeId(videoId, "SUCCEEDED"),
            videoId,
            "SUCCEEDED",
            frames,
            bytes,
            output,
            null,
            100));
  }

  @Override
  public void failed(UUID videoId, String reason) {
    lastReportedStep.remove(videoId);
    statuses.apply(
        event(outcomeId(videoId, "FAILED"), videoId, "FAILED", null, null, null, reason, null));
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

  private VideoStatusEvent event(
      UUID eventId,
      UUID videoId,
      String status,
      Integer frames,
      Long bytes,
      ObjectRef output,
      String reason,
      Integer percent) {
    return new VideoStatusEvent(
        Events.SCHEMA_VERSION,
        eventId,
        VideoStatusEvent.TYPE,
        videoId,
        clock.instant(),
        VideoStatusEvent.Status.valueOf(status),
        frames,
        bytes,
        output,
        reason,
        1,
        percent);
  }
}
