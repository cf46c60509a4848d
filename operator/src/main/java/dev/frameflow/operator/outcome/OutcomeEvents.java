package dev.frameflow.operator.outcome;

import dev.frameflow.operator.videojob.Phase;
import dev.frameflow.operator.videojob.VideoJob;
import dev.frameflow.operator.videojob.VideoJobStatus;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds the {@code video.status} event of a VideoJob's final outcome. */
public final class OutcomeEvents {

  private OutcomeEvents() {}

  /**
   * A name-based UUID of the VideoJob's uid and outcome: the same VideoJob reaching the same
   * outcome always gets the same id, which is what lets consumers drop a re-publication.
   */
  public static String eventId(String videoJobUid, Phase outcome) {
    String name = VideoStatusEvent.TYPE + ":" + videoJobUid + ":" + outcome.name();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static VideoStatusEvent of(VideoJob videoJob) {
    VideoJobStatus status = videoJob.getStatus();
    if (status == null || status.getPhase() == null || !status.getPhase().isFinal()) {
      throw new IllegalArgumentException("no final outcome yet");
    }
    boolean succeeded = status.getPhase() == Phase.Succeeded;
    var result = status.getResult();
    return new VideoStatusEvent(
        eventId(videoJob.getMetadata().getUid(), status.getPhase()),
        VideoStatusEvent.TYPE,
        videoJob.getSpec().videoId(),
        status.getCompletionTime(),
        succeeded ? VideoStatusEvent.SUCCEEDED : VideoStatusEvent.FAILED,
        result == null ? null : result.frames(),
        result == null ? null : result.bytes(),
        result != null && result.output() != null ? result.output() : videoJob.getSpec().output(),
        succeeded ? null : status.getMessage(),
        status.getAttempts());
  }
}
