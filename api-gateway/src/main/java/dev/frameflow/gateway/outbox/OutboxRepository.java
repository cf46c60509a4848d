package dev.frameflow.gateway.outbox;

import dev.frameflow.gateway.tracing.TraceParent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class OutboxRepository {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  public OutboxRepository(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Adds an event to publish; call inside the transaction that makes the change it reports. The
   * current span's W3C context is kept with it, so that its publication continues that trace.
   */
  public void append(UUID eventId, String type, UUID videoId, Object event) {
    Timestamp now = Timestamp.from(clock.instant());
    TraceParent trace = TraceParent.current();
    jdbc.sql(
            "insert into outbox (event_id, type, video_id, payload, created_at, next_attempt_at,"
                + " traceparent, tracestate) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            eventId,
            type,
            videoId,
            json.writeValueAsString(event),
            now,
            now,
            trace == null ? null : trace.traceparent(),
            trace == null ? null : keptState(trace.tracestate()))
        .update();
  }

  /**
   * Locks due unsent rows for this transaction; rows another replica holds are skipped, so two
   * relays never publish the same row at the same time.
   */
  List<OutboxMessage> claimDue(int limit) {
    return jdbc.sql(
            "select id, event_id, type, video_id, payload, attempts, created_at, traceparent,"
                + " tracestate from outbox"
                + " where sent_at is null and next_attempt_at <= ?"
                + " order by id limit ? for update skip locked")
        .params(Timestamp.from(clock.instant()), limit)
        .query(OutboxRepository::map)
        .list();
  }

  void markSent(long id) {
    jdbc.sql(
            "update outbox set sent_at = ?, attempts = attempts + 1, last_error = null where id = ?")
        .params(Timestamp.from(clock.instant()), id)
        .update();
  }

  void markFailed(long id, String error, Duration retryIn) {
    jdbc.sql(
            "update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                + " where id = ?")
        .params(truncate(error), Timestamp.from(clock.instant().plus(retryIn)), id)
        .update();
  }

  /** Creation time of the oldest unsent row, for the lag metric. */
  Optional<Instant> oldestUnsent() {
    return jdbc.sql("select min(created_at) from outbox where sent_at is null")
        .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
        .single();
  }

  long countUnsent() {
    return jdbc.sql("select count(*) from outbox where sent_at is null").query(Long.class).single();
  }

  int deleteSentBefore(Instant horizon) {
    return jdbc.sql("delete from outbox where sent_at is not null and sent_at < ?")
        .param(Timestamp.from(horizon))
        .update();
  }

  // W3C caps tracestate at 512 characters; a longer one is vendor noise not worth a failed upload
  private static String keptState(String tracestate) {
    return tracestate == null || tracestate.length() > 512 ? null : tracestate;
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
  }

  private static OutboxMessage map(ResultSet rs, int row) throws SQLException {
    return new OutboxMessage(
        rs.getLong("id"),
        rs.getObject("event_id", UUID.class),
        rs.getString("type"),
        rs.getObject("video_id", UUID.class),
        rs.getString("payload"),
        rs.getInt("attempts"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getString("traceparent"),
        rs.getString("tracestate"));
  }
}
