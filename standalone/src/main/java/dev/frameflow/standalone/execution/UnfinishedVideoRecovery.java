package dev.frameflow.standalone.execution;

import dev.frameflow.gateway.outbox.OutboxMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The in-process queue lives in memory: a stop while videos wait or run would strand them. At start
 * this hands every video that was dispatched but never finished back to the executor; the outcome
 * event ids are stable, so a video that did finish just before the stop is not notified twice.
 */
public class UnfinishedVideoRecovery {

  private static final Logger log = LoggerFactory.getLogger(UnfinishedVideoRecovery.class);

  private final JdbcClient jdbc;
  private final InProcessExtractionDispatcher dispatcher;

  public UnfinishedVideoRecovery(JdbcClient jdbc, InProcessExtractionDispatcher dispatcher) {
    this.jdbc = jdbc;
    this.dispatcher = dispatcher;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void resumeUnfinishedVideos() {
    List<OutboxMessage> stranded =
        jdbc.sql(
                "select o.id, o.event_id, o.type, o.video_id, o.payload, o.attempts, o.created_at,"
                    + " o.traceparent, o.tracestate"
                    + " from outbox o join video v on v.id = o.video_id"
                    + " where o.type = 'video.uploaded' and o.sent_at is not null"
                    + " and v.status in ('QUEUED', 'PROCESSING')"
                    + " order by o.id")
            .query(
                (rs, row) ->
                    new OutboxMessage(
                        rs.getLong("id"),
                        rs.getObject("event_id", java.util.UUID.class),
                        rs.getString("type"),
                        rs.getObject("video_id", java.util.UUID.class),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("traceparent"),
                        rs.getString("tracestate")))
            .list();
    if (!stranded.isEmpty()) {
      log.info("resuming {} video(s) left unfinished by the previous run", stranded.size());
    }
    stranded.forEach(dispatcher::dispatch);
  }
}
