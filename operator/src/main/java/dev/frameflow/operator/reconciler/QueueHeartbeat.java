package dev.frameflow.operator.reconciler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.scheduling.QueuePosition;
import dev.frameflow.contracts.scheduling.RecentRunTimes;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells the api-gateway that a VideoJob still waits for a slot: {@code video.status QUEUED} with
 * its standing, when it starts waiting and then at most once per {@code every} (10 min by default,
 * well inside the gateway's 1 h stall deadline). Without it a video that merely waits its turn
 * would be failed as "timed out". Kept in memory: a new leader beats at once, which is harmless.
 */
final class QueueHeartbeat {

  private final OutcomePublication outcomes;
  private final Duration every;
  private final Cache<String, Instant> lastBeat;
  private final RecentRunTimes runTimes;
  private final int cap;

  /**
   * @param runTimes the latest VideoJobs' run times, for the estimated start
   * @param cap the pods that turn over
   */
  QueueHeartbeat(OutcomePublication outcomes, Duration every, RecentRunTimes runTimes, int cap) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the queue heartbeat must be positive, was " + every);
    }
    this.outcomes = outcomes;
    this.every = every;
    this.runTimes = runTimes;
    this.cap = cap;
    // a VideoJob deleted while waiting is forgotten after two periods
    this.lastBeat =
        Caffeine.newBuilder().expireAfterWrite(every.multipliedBy(2)).maximumSize(100_000).build();
  }

  /**
   * Publishes the standing when a beat is due, and records it in the status (the Queue and Est.
   * start columns of {@code kubectl get vj}): at the heartbeat's pace, so that a slot freeing does
   * not patch every waiting VideoJob.
   */
  void beatIfDue(VideoJob videoJob, QueuePosition position, Instant now) {
    String uid = videoJob.getMetadata().getUid();
    Instant last = lastBeat.getIfPresent(uid);
    if (last != null && now.isBefore(last.plus(every))) {
      return;
    }
    VideoStatusEvent.QueueStanding standing =
        new VideoStatusEvent.QueueStanding(
            position.inQueue(),
            position.amongOwners(),
            position.queueLength(),
            runTimes.estimatedStart(position, cap, now).orElse(null));
    if (outcomes.progress(OutcomeEvents.queued(videoJob, standing, now))) {
      lastBeat.put(uid, now);
      VideoJobStatus status = videoJob.getStatus();
      status.setQueuePosition(standing.position());
      status.setOwnerQueuePosition(standing.ownerPosition());
      status.setEstimatedStart(
          standing.estimatedStartAt() == null ? null : standing.estimatedStartAt().toString());
    }
  }

  /**
   * Publishes that the VideoJob still waits, without a standing, when a beat is due: its place is
   * kept by someone else (Kueue), whose order the operator does not know.
   */
  void beatIfDue(VideoJob videoJob, Instant now) {
    String uid = videoJob.getMetadata().getUid();
    Instant last = lastBeat.getIfPresent(uid);
    if (last != null && now.isBefore(last.plus(every))) {
      return;
    }
    if (outcomes.progress(OutcomeEvents.queued(videoJob, null, now))) {
      lastBeat.put(uid, now);
    }
  }

  /** No longer waiting: the standing leaves the status. */
  static void leftTheQueue(VideoJobStatus status) {
    status.setQueuePosition(null);
    status.setOwnerQueuePosition(null);
    status.setEstimatedStart(null);
  }

  /**
   * Its Job runs: the standing leaves the status, and the api-gateway, which shows the last
   * standing it was told, is told once that there is none (QUEUED without a standing), so that a
   * video whose pod is still starting does not show "first in line" meanwhile. Level-based: the
   * status says whether a standing was published, whichever replica published it.
   */
  void ranOutOfTheQueue(VideoJob videoJob, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    if (status.getQueuePosition() != null) {
      outcomes.progress(OutcomeEvents.queued(videoJob, null, now));
    }
    leftTheQueue(status);
  }

  /** How often a waiting VideoJob must be looked at for its beats to be on time. */
  Duration every() {
    return every;
  }

  /** It got its slot: no more beats. */
  void admitted(VideoJob videoJob) {
    lastBeat.invalidate(videoJob.getMetadata().getUid());
  }
}
