package dev.frameflow.gateway.frames;

import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.gateway.frames.FrameVideos.FrameSource;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.video.VideoStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client's problem answer for a renderer's refusal, in the gateway's own words. */
final class RefusalProblems {

  private static final Logger log = LoggerFactory.getLogger(RefusalProblems.class);

  private RefusalProblems() {}

  static ApiProblem of(FrameRefusedException refused, FrameSource video) {
    Duration wait = Duration.ofSeconds(Math.max(1, refused.retryAfterSeconds()));
    return switch (refused.refusal()) {
      case TIME_PAST_END ->
          ApiProblem.of(ProblemType.FRAME_TIME_PAST_END, "the time is after the end of the video");
      case SOURCE_GONE ->
          video.status() == VideoStatus.FAILED
              ? ApiProblem.of(
                  ProblemType.VIDEO_SOURCE_UNUSABLE,
                  "the video failed and its source is no longer stored")
              : ApiProblem.of(ProblemType.VIDEO_DELETED, "the video has been deleted");
      case SOURCE_UNREADABLE ->
          ApiProblem.of(ProblemType.VIDEO_SOURCE_UNUSABLE, "the video's source cannot be decoded");
      case OVERLOADED ->
          ApiProblem.of(
              ProblemType.FRAME_SERVER_BUSY, "every frame renderer is busy; try again soon", wait);
      case OWNER_BUSY ->
          ApiProblem.of(
              ProblemType.TOO_MANY_FRAME_REQUESTS,
              "you already have as many frames being rendered as allowed at once",
              wait);
      case BAD_REQUEST -> {
        // the gateway checked the request against the same contract: this is a mismatch between
        // the two sides (another version, a foreign source origin), not the client's fault
        log.warn("the frame renderer refused a checked request of video {}", video.videoId());
        yield ApiProblem.of(
            ProblemType.FRAMES_UNAVAILABLE, "frames cannot be rendered right now", wait);
      }
    };
  }
}
