package dev.frameflow.gateway.notify;

import dev.frameflow.gateway.tracing.TraceParent;
import dev.frameflow.gateway.video.VideoStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class NotificationRepository {

  private final JdbcClient jdbc;

  public NotificationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Queues the email for an outcome; a second call for the same outcome does nothing. The current
   * span's context is kept with it: the email continues the video's trace.
   */
  public void createPending(UUID videoId, UUID userId, VideoStatus outcome, Instant now) {
    jdbc.sql(
            "insert into notification (id, user_id, video_id, outcome, recipient, status,"
                + " next_attempt_at, created_at, traceparent)"
                + " select ?, u.id, ?, ?, u.email, 'PENDING', ?, ?, ? from app_user u where u.id = ?"
                + " on conflict (video_id, outcome) do nothing")
        .params(
            UUID.randomUUID(),
            videoId,
            outcome.name(),
            ts(now),
            ts(now),
            TraceParent.currentHeader(),
            userId)
        .update();
  }

  /**
   * Atomically claims due notifications for this sender: PENDING or FAILED ones whose retry time
   * has come, and SENDING ones whose claim lapsed (a sender died mid-way). Other replicas skip the
   * locked rows, so each email has one sender at a time.
   */
  List<Notification> claimDue(Instant now, Duration lease, int maxAttempts, int limit) {
    return jdbc.sql(
            "update notification set status = 'SENDING', claimed_until = ?, attempts = attempts + 1"
                + " where id in (select id from notification"
                + "   where ((status in ('PENDING', 'FAILED') and next_attempt_at <= ?)"
                + "          or (status = 'SENDING' and claimed_until < ?))"
                + "     and attempts < ?"
                // file names are user-chosen text: held until the address is confirmed
                + "     and user_id in (select id from app_user where email_verified_at is not null)"
                + "   order by created_at limit ? for update skip locked)"
                + " returning *")
        .params(ts(now.plus(lease)), ts(now), ts(now), maxAttempts, limit)
        .query(NotificationRepository::map)
        .list();
  }

  void markSent(UUID id, Instant now) {
    jdbc.sql(
            "update notification set status = 'SENT', sent_at = ?, claimed_until = null,"
                + " last_error = null where id = ?")
        .params(ts(now), id)
        .update();
  }

  void markFailed(UUID id, String error, Instant retryAt) {
    jdbc.sql(
            "update notification set status = 'FAILED', claimed_until = null, last_error = ?,"
                + " next_attempt_at = ? where id = ?")
        .params(
            error == null || error.length() <= 1000 ? error : error.substring(0, 1000),
            ts(retryAt),
            id)
        .update();
  }

  List<Notification> pageForUser(UUID userId, int page, int size) {
    return jdbc.sql(
            "select * from notification where user_id = ?"
                + " order by created_at desc, id limit ? offset ?")
        .params(userId, size, (long) page * size)
        .query(NotificationRepository::map)
        .list();
  }

  long countForUser(UUID userId) {
    return jdbc.sql("select count(*) from notification where user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Notification map(ResultSet rs, int row) throws SQLException {
    Timestamp sentAt = rs.getTimestamp("sent_at");
    return new Notification(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getObject("video_id", UUID.class),
        rs.getString("outcome"),
        rs.getString("recipient"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        sentAt == null ? null : sentAt.toInstant(),
        rs.getString("traceparent"));
  }
}
