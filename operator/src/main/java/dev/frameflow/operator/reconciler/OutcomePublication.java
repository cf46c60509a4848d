package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.outcome.StatusPublisher.PublishFailedException;
import dev.frameflow.operator.videojob.Phase;
import dev.frameflow.operator.videojob.VideoJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a finished VideoJob's outcome as {@code video.status}, with the broker's confirm, and
 * records its event id in the status (which the reconciler then patches). The event id is stable
 * per outcome, so a crash between the confirm and the patch republishes the same event, which
 * consumers drop.
 */
final class OutcomePublication {

  private static final Logger log = LoggerFactory.getLogger(OutcomePublication.class);

  private final StatusPublisher publisher;
  private final KubernetesEvents events;
  private final Duration retry;
  private final Counter succeeded;
  private final Counter failed;

  /**
   * Event ids this process has published. A reconciliation can start from a cached VideoJob that
   * predates our own status patch; this keeps it from publishing the same outcome twice. After a
   * restart the set is empty and the status alone decides (republishing, same id, if needed).
   */
  private final Set<String> publishedHere =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));

  OutcomePublication(
      StatusPublisher publisher, KubernetesEvents events, Duration retry, MeterRegistry meters) {
    this.publisher = publisher;
    this.events = events;
    this.retry = retry;
    this.succeeded = finishedCounter(meters, "succeeded");
    this.failed = finishedCounter(meters, "failed");
  }

  /** How long to wait before trying again after {@link #publish} returned false. */
  Duration retry() {
    return retry;
  }

  /** Returns whether the outcome is now published (and recorded in the status to be patched). */
  boolean publish(VideoJob videoJob) {
    VideoStatusEvent event = OutcomeEvents.of(videoJob);
    String eventId = event.eventId().toString();
    if (publishedHere.contains(eventId)) {
      videoJob.getStatus().setPublishedEventId(eventId);
      return true;
    }
    try {
      publisher.publish(event);
    } catch (PublishFailedException e) {
      log.warn("{}; retrying in {}", e.getMessage(), retry, e.getCause());
      return false;
    }
    publishedHere.add(eventId);
    (videoJob.getStatus().getPhase() == Phase.Succeeded ? succeeded : failed).increment();
    videoJob.getStatus().setPublishedEventId(eventId);
    events.normal(
        videoJob,
        "StatusPublished",
        "published video.status " + event.status() + " " + event.eventId());
    return true;
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
