package dev.frameflow.gateway.resumable;

import dev.frameflow.gateway.video.ContainerFormat;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code resumable_upload} and {@code resumable_upload_part} tables. Every write made while
 * bytes are appended is conditional on the writer's lease token, so a PATCH that lost its lease (it
 * stalled longer than the lock timeout and another took over) can change nothing.
 */
@Repository
class ResumableUploadRepository {

  /** A stored S3 part. */
  record Part(int number, String etag, long sizeBytes) {}

  private final JdbcClient jdbc;

  ResumableUploadRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ResumableUpload upload) {
    jdbc.sql(
            "insert into resumable_upload (id, owner_id, video_id, upload_length, upload_offset,"
                + " tail_bytes, metadata, file_name, content_type, s3_upload_id, created_at,"
                + " expires_at) values (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?)")
        .params(
            upload.id(),
            upload.ownerId(),
            upload.videoId(),
            upload.length(),
            upload.metadata(),
            upload.fileName(),
            upload.contentType(),
            upload.s3UploadId(),
            Timestamp.from(upload.createdAt()),
            Timestamp.from(upload.expiresAt()))
        .update();
  }

  /**
   * Locks the owner's user row until the transaction ends, so that what one request counts of the
   * owner's uploads cannot change before it inserts. {@code for no key update}: rows that merely
   * reference the user (videos, tokens) are still inserted meanwhile.
   */
  void lockOwner(UUID ownerId) {
    jdbc.sql("select id from app_user where id = ? for no key update")
        .param(ownerId)
        .query(UUID.class)
        .optional();
  }

  /** Uploads of {@code ownerId} neither completed nor expired at {@code now}. */
  int countOpen(UUID ownerId, Instant now) {
    return jdbc.sql(
            "select count(*) from resumable_upload where owner_id = ? and completed_at is null"
                + " and expires_at > ?")
        .params(ownerId, Timestamp.from(now))
        .query(Integer.class)
        .single();
  }

  List<ResumableUpload> findAllOwned(UUID ownerId) {
    return jdbc.sql("select * from resumable_upload where owner_id = ?")
        .param(ownerId)
        .query(ResumableUploadRepository::upload)
        .list();
  }

  Optional<ResumableUpload> findOwned(UUID id, UUID ownerId) {
    return jdbc.sql("select * from resumable_upload where id = ? and owner_id = ?")
        .params(id, ownerId)
        .query(ResumableUploadRepository::upload)
        .optional();
  }

  /**
   * Takes the upload for one PATCH if nobody holds it and its offset is still {@code offset}.
   *
   * @return false when another request holds it or the offset moved
   */
  boolean acquire(UUID id, long offset, UUID token, Instant now, Instant until) {
    return jdbc.sql(
                "update resumable_upload set lease_token = ?, lease_until = ? where id = ?"
                    + " and upload_offset = ? and completed_at is null"
                    + " and (lease_token is null or lease_until < ?)")
            .params(token, Timestamp.from(until), id, offset, Timestamp.from(now))
            .update()
        == 1;
  }

  boolean renew(UUID id, UUID token, Instant until) {
    return jdbc.sql("update resumable_upload set lease_until = ? where id = ? and lease_token = ?")
            .params(Timestamp.from(until), id, token)
            .update()
        == 1;
  }

  void release(UUID id, UUID token) {
    jdbc.sql(
            "update resumable_upload set lease_token = null, lease_until = null"
                + " where id = ? and lease_token = ?")
        .params(id, token)
        .update();
  }

  boolean setContainer(UUID id, UUID token, ContainerFormat container) {
    return jdbc.sql("update resumable_upload set container = ? where id = ? and lease_token = ?")
            .params(container.name(), id, token)
            .update()
        == 1;
  }

  /** Records a part sent to S3: the offset moves to the end of it and the tail is empty. */
  boolean partStored(UUID id, UUID token, Part part, long newOffset, Instant expiresAt) {
    // the part first: an offset never points past a part the database does not know. A part row
    // left by a request that then finds its lease lost is overwritten when the part is sent again.
    jdbc.sql(
            "insert into resumable_upload_part (upload_id, part_number, etag, size_bytes)"
                + " values (?, ?, ?, ?) on conflict (upload_id, part_number)"
                + " do update set etag = excluded.etag, size_bytes = excluded.size_bytes")
        .params(id, part.number(), part.etag(), part.sizeBytes())
        .update();
    return jdbc.sql(
                "update resumable_upload set upload_offset = ?, tail_bytes = 0, expires_at = ?"
                    + " where id = ? and lease_token = ?")
            .params(newOffset, Timestamp.from(expiresAt), id, token)
            .update()
        == 1;
  }

  /** Records a new tail (already written to S3): the offset is the parts plus the tail. */
  boolean tailStored(UUID id, UUID token, long newOffset, int tailBytes, Instant expiresAt) {
    return jdbc.sql(
                "update resumable_upload set upload_offset = ?, tail_bytes = ?, expires_at = ?"
                    + " where id = ? and lease_token = ?")
            .params(newOffset, tailBytes, Timestamp.from(expiresAt), id, token)
            .update()
        == 1;
  }

  boolean markCompleted(UUID id, UUID token, long length, Instant now, Instant keepUntil) {
    return jdbc.sql(
                "update resumable_upload set upload_offset = ?, tail_bytes = 0, completed_at = ?,"
                    + " expires_at = ?, lease_token = null, lease_until = null"
                    + " where id = ? and lease_token = ?")
            .params(length, Timestamp.from(now), Timestamp.from(keepUntil), id, token)
            .update()
        == 1;
  }

  List<Part> parts(UUID id) {
    return jdbc.sql(
            "select part_number, etag, size_bytes from resumable_upload_part"
                + " where upload_id = ? order by part_number")
        .param(id)
        .query((rs, n) -> new Part(rs.getInt(1), rs.getString(2), rs.getLong(3)))
        .list();
  }

  boolean delete(UUID id) {
    return jdbc.sql("delete from resumable_upload where id = ?").param(id).update() == 1;
  }

  /**
   * Locks up to {@code limit} uploads past their expiry that no PATCH holds; rows other replicas
   * are sweeping are skipped. Call inside a transaction.
   */
  List<ResumableUpload> lockExpired(Instant now, int limit) {
    return jdbc.sql(
            "select * from resumable_upload where expires_at <= ?"
                + " and (lease_token is null or lease_until < ?)"
                + " order by expires_at limit ? for update skip locked")
        .params(Timestamp.from(now), Timestamp.from(now), limit)
        .query(ResumableUploadRepository::upload)
        .list();
  }

  private static ResumableUpload upload(ResultSet rs, int row) throws SQLException {
    String container = rs.getString("container");
    return new ResumableUpload(
        rs.getObject("id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        rs.getObject("video_id", UUID.class),
        rs.getLong("upload_length"),
        rs.getLong("upload_offset"),
        rs.getInt("tail_bytes"),
        rs.getString("metadata"),
        rs.getString("file_name"),
        rs.getString("content_type"),
        container == null ? null : ContainerFormat.valueOf(container),
        rs.getString("s3_upload_id"),
        instant(rs, "created_at"),
        instant(rs, "expires_at"),
        instant(rs, "completed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
