package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.podapi.ProgressBoard;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A running VideoJob's progress: recorded in its status when due ({@link ProgressRecording}) and
 * published as {@code PROCESSING}. A one-pod Job's pod reports it ({@link ProgressBoard}); a sliced
 * video's indexes do not: its progress is the share of slices done.
 */
final class ProgressPublishing {

  private final ProgressBoard board;
  private final OutcomePublication outcomes;

  ProgressPublishing(ProgressBoard board, OutcomePublication outcomes) {
    this.board = board;
    this.outcomes = outcomes;
  }

  /** Records and publishes the progress when it is due; returns when to look again (or null). */
  Duration recordIfDue(VideoJob videoJob, Job job, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    if (status.getPhase() != Phase.Running) {
      return null;
    }
    boolean sliced = SlicedJobs.isSliced(job);
    Optional<ProgressBoard.Reported> report =
        sliced ? Optional.empty() : board.latest(videoJob.getMetadata().getUid());
    Integer reported =
        sliced
            ? Integer.valueOf(SlicedJobFollower.percentDone(job))
            : report.map(ProgressBoard.Reported::percent).orElse(null);
    if (status.getProgressPercent() == null && reported == null) {
      reported = 0; // running: PROCESSING at once, before the first report
    }
    ProgressRecording.Decision decision =
        ProgressRecording.decide(
            status.getProgressPercent(), status.getProgressTime(), reported, now);
    if (decision instanceof ProgressRecording.Record record) {
      record(videoJob, record.percent(), report, now);
      return null;
    }
    return decision instanceof ProgressRecording.Later later ? later.after() : null;
  }

  private void record(
      VideoJob videoJob, int percent, Optional<ProgressBoard.Reported> report, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    status.setProgressPercent(percent);
    status.setProgressTime(now.toString());
    // frames ride along with the percent: same rate limit, same status patch
    Integer frames = report.map(ProgressBoard.Reported::framesWritten).orElse(null);
    if (frames != null
        && (status.getFramesWritten() == null || frames > status.getFramesWritten())) {
      status.setFramesWritten(frames);
    }
    outcomes.progress(OutcomeEvents.progress(videoJob, percent, status.getFramesWritten(), now));
  }
}
