package dev.frameflow.gateway.status;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.gateway.video.VideoRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The last guard against dead ends: a video that has shown no progress and no outcome for {@code
 * frameflow.status.deadline} (default 1 h: the Job's 30 min deadline plus a margin) fails with the
 * reason {@link FailureReason#TIMED_OUT}, through the same {@link VideoStatusService} as any
 * outcome (one notification, never backwards), and is cancelled for real ({@link
 * VideoStatusService#timeOut}). A video waiting its turn is not stalled: the executor's QUEUED
 * heartbeat moves its row. A real outcome arriving later is stale, and its ZIP is deleted.
 */
@Component
public class StalledVideoSweeper {

  static final String REASON = FailureReason.TIMED_OUT.text();
  private static final Logger log = LoggerFactory.getLogger(StalledVideoSweeper.class);
  private static final int BATCH = 100;

  private final VideoRepository videos;
  private final VideoStatusService statuses;
  private final Clock clock;
  private final Duration deadline;
  private final Counter timedOut;

  public StalledVideoSweeper(
      VideoRepository videos,
      VideoStatusService statuses,
      Clock clock,
      @Value("${frameflow.status.deadline:1h}") Duration deadline,
      MeterRegistry meters) {
    this.timedOut =
        Counter.builder("frameflow.videos.timed.out")
            .description(
                "videos failed because no progress and no outcome came within the deadline")
            .register(meters);
    this.videos = videos;
    this.statuses = statuses;
    this.clock = clock;
    this.deadline = deadline;
  }

  @Scheduled(
      fixedDelayString = "${frameflow.status.sweep-interval:60s}",
      initialDelayString = "${frameflow.status.sweep-interval:60s}")
  public void sweep() {
    failStalled();
  }

  /** Returns how many videos it failed. */
  public int failStalled() {
    Instant now = clock.instant();
    List<UUID> stalled = videos.findStalled(now.minus(deadline), BATCH);
    int failed = 0;
    for (UUID videoId : stalled) {
      // the same id for the same video: a second sweep (or replica) is a duplicate
      UUID eventId =
          UUID.nameUUIDFromBytes(
              ("video.status:timed-out:" + videoId).getBytes(StandardCharsets.UTF_8));
      VideoStatusEvent event = VideoStatusEvent.failed(eventId, videoId, now, REASON, null);
      if (statuses.timeOut(event) == VideoStatusService.Result.APPLIED) {
        failed++;
        timedOut.increment();
        log.warn("video {} timed out after {} without progress or outcome", videoId, deadline);
      }
    }
    return failed;
  }
}
