package dev.frameflow.gateway.status;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.video.VideoRepository;
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
 * frameflow.status.deadline} (default 1 h: the Job's 30 min deadline plus a margin for the queue)
 * fails with the reason "timed out", through the same {@link VideoStatusService} as any outcome
 * (one notification, never backwards). A real outcome arriving later is stale and ignored.
 */
@Component
public class StalledVideoSweeper {

  static final String REASON = "timed out: no progress and no outcome within ";
  private static final Logger log = LoggerFactory.getLogger(StalledVideoSweeper.class);
  private static final int BATCH = 100;

  private final VideoRepository videos;
  private final VideoStatusService statuses;
  private final Clock clock;
  private final Duration deadline;

  public StalledVideoSweeper(
      VideoRepository videos,
      VideoStatusService statuses,
      Clock clock,
      @Value("${frameflow.status.deadline:1h}") Duration deadline) {
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
      VideoStatusEvent timedOut =
          VideoStatusEvent.failed(eventId, videoId, now, REASON + deadline.toString(), null);
      if (statuses.apply(timedOut) == VideoStatusService.Result.APPLIED) {
        failed++;
        log.warn("video {} timed out after {} without progress or outcome", videoId, deadline);
      }
    }
    return failed;
  }
}
