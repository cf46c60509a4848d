package dev.frameflow.gateway.frames;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.video.VideoStatus;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which video a frame request reads, and whether it can: the states a client must be told apart
 * (unknown or another user's 404, still uploading 409, deleted 410) are answered here, before any
 * URL is presigned or the frame-server is asked. Queued, processing, succeeded and failed videos
 * all have their source: a failed one is rendered if its source still decodes (the frame-server
 * says otherwise, as {@code video-source-unusable}).
 */
@Component
public class FrameVideos {

  private final JdbcClient jdbc;

  public FrameVideos(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A video the frames are asked for, with the source object they are rendered from. */
  public record FrameSource(UUID videoId, UUID ownerId, VideoStatus status, ObjectRef source) {}

  /** The signed-in user's video; another user's is not found, as if it did not exist. */
  public FrameSource owned(UUID ownerId, UUID videoId) {
    return renderable(find(videoId).filter(v -> v.ownerId().equals(ownerId)), videoId, ownerId);
  }

  /** The video a valid signed link names, whoever owns it (the link was made by its owner). */
  public FrameSource linked(UUID videoId) {
    Optional<FrameSource> video = find(videoId);
    return renderable(video, videoId, video.map(FrameSource::ownerId).orElse(null));
  }

  private FrameSource renderable(Optional<FrameSource> found, UUID videoId, UUID ownerId) {
    if (found.isEmpty()) {
      if (ownerId != null && stillUploading(ownerId, videoId)) {
        throw ApiProblem.of(
            ProblemType.VIDEO_STILL_UPLOADING,
            "the video is still being uploaded: its frames can be asked for once the upload"
                + " completes");
      }
      throw ApiProblem.notFound("no video with id " + videoId);
    }
    FrameSource video = found.get();
    if (video.status() == VideoStatus.CANCELLED) {
      throw ApiProblem.of(ProblemType.VIDEO_DELETED, "the video has been deleted");
    }
    return video;
  }

  private Optional<FrameSource> find(UUID videoId) {
    return jdbc.sql("select owner_id, status, source_bucket, source_key from video where id = ?")
        .param(videoId)
        .query(
            (rs, row) ->
                new FrameSource(
                    videoId,
                    rs.getObject("owner_id", UUID.class),
                    VideoStatus.valueOf(rs.getString("status")),
                    new ObjectRef(rs.getString("source_bucket"), rs.getString("source_key"))))
        .optional();
  }

  /** A resumable upload of this owner that will become this video and has not completed yet. */
  private boolean stillUploading(UUID ownerId, UUID videoId) {
    return jdbc.sql(
                "select count(*) from resumable_upload where video_id = ? and owner_id = ?"
                    + " and completed_at is null")
            .params(videoId, ownerId)
            .query(Integer.class)
            .single()
        > 0;
  }
}
