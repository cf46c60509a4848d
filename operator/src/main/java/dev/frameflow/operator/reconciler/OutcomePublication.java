package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.outcome.OutcomeSender;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * A finished VideoJob's outcome as {@code video.status}: handed to the {@link OutcomeSender} (which
 * publishes off the reconcile threads, with the broker's confirm), and recorded in the status by
 * the first reconciliation after the confirm (the sender triggers it). The event id is stable per
 * outcome, so a crash between the confirm and the status patch republishes the same event, which
 * consumers drop.
 */
final class OutcomePublication {

  private final OutcomeSender sender;
  private final KubernetesEvents events;
  private final Duration recheck;
  private final Counter succeeded;
  private final Counter failed;

  OutcomePublication(
      OutcomeSender sender, KubernetesEvents events, Duration recheck, MeterRegistry meters) {
    this.sender = sender;
    this.events = events;
    this.recheck = recheck;
    this.succeeded = finishedCounter(meters, "succeeded");
    this.failed = finishedCounter(meters, "failed");
  }

  /** How long to wait before looking again while an outcome is not confirmed (a safety net). */
  Duration recheck() {
    return recheck;
  }

  /**
   * Returns whether the outcome is confirmed (and its id set in the status to be patched); if not,
   * makes sure it is being sent, and {@code whenConfirmed} runs after the confirm.
   */
  boolean publish(VideoJob videoJob, Runnable whenConfirmed) {
    VideoStatusEvent event = OutcomeEvents.of(videoJob);
    String eventId = event.eventId().toString();
    if (sender.isConfirmed(eventId)) {
      videoJob.getStatus().setPublishedEventId(eventId);
      return true;
    }
    Phase phase = videoJob.getStatus().getPhase();
    sender.submit(
        event,
        () -> {
          (phase == Phase.Succeeded ? succeeded : failed).increment();
          events.normal(
              videoJob,
              "StatusPublished",
              "published video.status " + event.status() + " " + event.eventId());
          whenConfirmed.run();
        });
    return false;
  }

  /** An outcome with no VideoJob left to record it in (deleted by hand): sent, not recorded. */
  void publishWithoutRecord(VideoStatusEvent event) {
    sender.submit(event, () -> failed.increment());
  }

  /**
   * A progress or queue event: best effort; returns whether it was taken for sending (false when
   * the sender is behind).
   */
  boolean progress(VideoStatusEvent event) {
    return sender.offer(event);
  }

  /** {@code frameflow_videojobs_finished_total{outcome}}: outcomes published by this replica. */
  private static Counter finishedCounter(MeterRegistry meters, String outcome) {
    return Counter.builder("frameflow.videojobs.finished")
        .description(
            "VideoJobs that reached a final phase, counted when their outcome is published")
        .tag("outcome", outcome)
        .register(meters);
  }
}
