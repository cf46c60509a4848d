package dev.frameflow.gateway.video;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class VideoRepository {

  private static final String COLUMNS =
      "id, owner_id, status, original_filename, content_type, container, size_bytes,"
          + " source_bucket, source_key, output_bucket, output_key, options, progress_percent,"
          + " frame_count, result_bytes, failure_reason, created_at, updated_at, finished_at";

  /** What is read besides what is first written: the standing in the queue. */
  private static final String READ_COLUMNS =
      COLUMNS + ", queue_position, queue_owner_position, queue_length, queue_estimated_start_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public VideoRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void insert(Video video) {
    jdbc.sql(
            "insert into video ("
                + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            video.id(),
            video.ownerId(),
            video.status().name(),
            video.originalFilename(),
            video.contentType(),
            video.container().name(),
            video.sizeBytes(),
            video.source().bucket(),
            video.source().key(),
            video.output().bucket(),
            video.output().key(),
            json.writeValueAsString(video.options()),
            video.progressPercent(),
            video.frameCount(),
            video.resultBytes(),
            video.failureReason(),
            ts(video.createdAt()),
            ts(video.updatedAt()),
            ts(video.finishedAt()))
        .update();
  }

  /** The owner's video; another user's video is simply not found. */
  public Optional<Video> findOwned(UUID id, UUID ownerId) {
    return jdbc.sql("select " + READ_COLUMNS + " from video where id = ? and owner_id = ?")
        .params(id, ownerId)
        .query(this::map)
        .optional();
  }

  /** Locks the row for the rest of the transaction (status updates serialise per video). */
  public Optional<Video> lock(UUID id) {
    return jdbc.sql("select " + READ_COLUMNS + " from video where id = ? for update")
        .param(id)
        .query(this::map)
        .optional();
  }

  /** Every video of the owner (the account is being deleted). */
  public List<Video> findAllOwned(UUID ownerId) {
    return jdbc.sql("select " + READ_COLUMNS + " from video where owner_id = ?")
        .param(ownerId)
        .query(this::map)
        .list();
  }

  public List<Video> pageOwned(UUID ownerId, VideoStatus status, int page, int size) {
    String filter = status == null ? "" : " and status = :status";
    return jdbc.sql(
            "select "
                + READ_COLUMNS
                + " from video where owner_id = :owner"
                + filter
                + " order by created_at desc, id desc limit :limit offset :offset")
        .param("owner", ownerId)
        .param("status", status == null ? null : status.name())
        .param("limit", size)
        .param("offset", (long) page * size)
        .query(this::map)
        .list();
  }

  public long countOwned(UUID ownerId, VideoStatus status) {
    String filter = status == null ? "" : " and status = :status";
    return jdbc.sql("select count(*) from video where owner_id = :owner" + filter)
        .param("owner", ownerId)
        .param("status", status == null ? null : status.name())
        .query(Long.class)
        .single();
  }

  /**
   * Videos still QUEUED or PROCESSING that have not changed since {@code before}: no progress and
   * no outcome within the deadline.
   */
  public List<UUID> findStalled(Instant before, int limit) {
    return jdbc.sql(
            "select id from video where status in ('QUEUED', 'PROCESSING') and updated_at < ?"
                + " order by updated_at limit ?")
        .params(ts(before), limit)
        .query(UUID.class)
        .list();
  }

  /** A video still waiting for a slot: its row moves (the stall sweeper reads updated_at). */
  public void markStillQueued(UUID id, VideoStatusEvent.QueueStanding standing, Instant now) {
    jdbc.sql(
            "update video set updated_at = ?, queue_position = ?, queue_owner_position = ?,"
                + " queue_length = ?, queue_estimated_start_at = ? where id = ? and status = 'QUEUED'")
        .params(
            ts(now),
            standing == null ? null : standing.position(),
            standing == null ? null : standing.ownerPosition(),
            standing == null ? null : standing.queueLength(),
            standing == null || standing.estimatedStartAt() == null
                ? null
                : ts(standing.estimatedStartAt()),
            id)
        .update();
  }

  /**
   * A processing video whose run was taken back waits to run again: its row moves, nothing else.
   */
  public void markWaitingAgain(UUID id, Instant now) {
    jdbc.sql("update video set updated_at = ? where id = ? and status = 'PROCESSING'")
        .params(ts(now), id)
        .update();
  }

  public void markProcessing(UUID id, Integer progressPercent, Instant now) {
    jdbc.sql(
            "update video set status = 'PROCESSING', progress_percent = ?, updated_at = ?"
                + " where id = ?")
        .params(progressPercent, ts(now), id)
        .update();
  }

  public void markFinished(
      UUID id, VideoStatus status, Integer frames, Long bytes, String reason, Instant now) {
    jdbc.sql(
            "update video set status = ?, frame_count = ?, result_bytes = ?, failure_reason = ?,"
                + " progress_percent = case when ? = 'SUCCEEDED' then 100 else progress_percent end,"
                + " updated_at = ?, finished_at = ? where id = ?")
        .params(status.name(), frames, bytes, reason, status.name(), ts(now), ts(now), id)
        .update();
  }

  public void markCancelled(UUID id, Instant now) {
    jdbc.sql(
            "update video set status = 'CANCELLED', updated_at = ?,"
                + " finished_at = coalesce(finished_at, ?) where id = ?")
        .params(ts(now), ts(now), id)
        .update();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static VideoStatusEvent.QueueStanding queueStanding(ResultSet rs) throws SQLException {
    Integer position = rs.getObject("queue_position", Integer.class);
    if (position == null) {
      return null;
    }
    Timestamp estimate = rs.getTimestamp("queue_estimated_start_at");
    return new VideoStatusEvent.QueueStanding(
        position,
        rs.getObject("queue_owner_position", Integer.class),
        rs.getObject("queue_length", Integer.class),
        estimate == null ? null : estimate.toInstant());
  }

  private Video map(ResultSet rs, int row) throws SQLException {
    return new Video(
        rs.getObject("id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        VideoStatus.valueOf(rs.getString("status")),
        rs.getString("original_filename"),
        rs.getString("content_type"),
        ContainerFormat.valueOf(rs.getString("container")),
        rs.getLong("size_bytes"),
        new ObjectRef(rs.getString("source_bucket"), rs.getString("source_key")),
        new ObjectRef(rs.getString("output_bucket"), rs.getString("output_key")),
        json.readValue(rs.getString("options"), ExtractionOptions.class),
        (Integer) rs.getObject("progress_percent", Integer.class),
        (Integer) rs.getObject("frame_count", Integer.class),
        (Long) rs.getObject("result_bytes", Long.class),
        rs.getString("failure_reason"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "finished_at"),
        queueStanding(rs));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
