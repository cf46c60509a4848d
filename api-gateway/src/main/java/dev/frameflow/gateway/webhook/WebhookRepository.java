package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.tracing.TraceParent;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_endpoint} and {@code webhook_delivery} tables. */
@Repository
public class WebhookRepository {

  private final JdbcClient jdbc;

  public WebhookRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(WebhookEndpoint endpoint) {
    jdbc.sql(
            "insert into webhook_endpoint (id, owner_id, url, event_types, secret, created_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            endpoint.id(),
            endpoint.ownerId(),
            endpoint.url().toString(),
            typesText(endpoint.eventTypes()),
            endpoint.secret(),
            Timestamp.from(endpoint.createdAt()))
        .update();
  }

  public List<WebhookEndpoint> ownedBy(UUID ownerId) {
    return jdbc.sql("select * from webhook_endpoint where owner_id = ? order by created_at")
        .param(ownerId)
        .query(WebhookRepository::endpoint)
        .list();
  }

  public Optional<WebhookEndpoint> findOwned(UUID id, UUID ownerId) {
    return jdbc.sql("select * from webhook_endpoint where id = ? and owner_id = ?")
        .params(id, ownerId)
        .query(WebhookRepository::endpoint)
        .optional();
  }

  public Optional<WebhookEndpoint> find(UUID id) {
    return jdbc.sql("select * from webhook_endpoint where id = ?")
        .param(id)
        .query(WebhookRepository::endpoint)
        .optional();
  }

  public int countOwnedBy(UUID ownerId) {
    return jdbc.sql("select count(*) from webhook_endpoint where owner_id = ?")
        .param(ownerId)
        .query(Integer.class)
        .single();
  }

  public boolean delete(UUID id, UUID ownerId) {
    return jdbc.sql("delete from webhook_endpoint where id = ? and owner_id = ?")
            .params(id, ownerId)
            .update()
        == 1;
  }

  public void updateSecret(UUID id, String secret) {
    jdbc.sql("update webhook_endpoint set secret = ? where id = ?").params(secret, id).update();
  }

  /**
   * Queues the event for the endpoint once: a second insert of the same event is ignored. The
   * current span's context is kept with it, so that each attempt continues the video's trace.
   *
   * @param videoId the video the event is about; null for a test event
   */
  public void enqueue(
      UUID endpointId,
      UUID eventId,
      WebhookEventType type,
      String payload,
      Instant now,
      UUID videoId) {
    jdbc.sql(
            "insert into webhook_delivery (id, endpoint_id, event_id, event_type, payload, status,"
                + " next_attempt_at, created_at, video_id, traceparent)"
                + " values (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)"
                + " on conflict (endpoint_id, event_id) do nothing")
        .params(
            UUID.randomUUID(),
            endpointId,
            eventId,
            type.id(),
            payload,
            Timestamp.from(now),
            Timestamp.from(now),
            videoId,
            TraceParent.currentHeader())
        .update();
  }

  public void markDelivered(UUID id, int statusCode, Instant now) {
    jdbc.sql(
            "update webhook_delivery set status = 'DELIVERED', last_status_code = ?,"
                + " last_error = null, finished_at = ?, leased_until = null where id = ?")
        .params(statusCode, Timestamp.from(now), id)
        .update();
  }

  public void markRetry(UUID id, Integer statusCode, String error, Instant nextAttempt) {
    jdbc.sql(
            "update webhook_delivery set last_status_code = ?, last_error = ?, next_attempt_at = ?,"
                + " leased_until = null where id = ?")
        .params(statusCode, cut(error), Timestamp.from(nextAttempt), id)
        .update();
  }

  public void markFailed(UUID id, Integer statusCode, String error, Instant now) {
    jdbc.sql(
            "update webhook_delivery set status = 'FAILED', last_status_code = ?, last_error = ?,"
                + " finished_at = ?, leased_until = null where id = ?")
        .params(statusCode, cut(error), Timestamp.from(now), id)
        .update();
  }

  /**
   * Fails the pending deliveries of backed-off endpoints (circuit open or half-open) that are older
   * than {@code giveUpAfter}: their endpoint was given a day and failed it. Returns how many.
   */
  public int failExpiredBehindOpenCircuits(Instant now, Duration giveUpAfter) {
    return jdbc.sql(
            "update webhook_delivery set status = 'FAILED', finished_at = :now, leased_until = null,"
                + " last_error = :error where status = 'PENDING' and next_attempt_at <= :now"
                + " and created_at <= :cutoff and (leased_until is null or leased_until <= :now)"
                + " and endpoint_id in (select id from webhook_endpoint"
                + " where circuit_open_until is not null)")
        .param("now", Timestamp.from(now))
        .param("cutoff", Timestamp.from(now.minus(giveUpAfter)))
        .param("error", "gave up: the endpoint kept failing and was backed off")
        .update();
  }

  /** A delivered attempt closes the endpoint's circuit. */
  public void recordSuccess(UUID endpointId) {
    jdbc.sql(
            "update webhook_endpoint set consecutive_failures = 0, circuit_open_until = null"
                + " where id = ? and (consecutive_failures > 0 or circuit_open_until is not null)")
        .param(endpointId)
        .update();
  }

  /**
   * Counts a failed attempt against the endpoint; returns its failures in a row now (0 when the
   * endpoint is gone).
   */
  public int recordFailure(UUID endpointId) {
    return jdbc.sql(
            "update webhook_endpoint set consecutive_failures = consecutive_failures + 1"
                + " where id = ? returning consecutive_failures")
        .param(endpointId)
        .query(Integer.class)
        .optional()
        .orElse(0);
  }

  public void openCircuit(UUID endpointId, Instant until) {
    jdbc.sql("update webhook_endpoint set circuit_open_until = ? where id = ?")
        .params(Timestamp.from(until), endpointId)
        .update();
  }

  /** The newest deliveries of an endpoint first, for the user's delivery log. */
  public List<WebhookDelivery> deliveriesOf(UUID endpointId, int limit) {
    return jdbc.sql(
            "select * from webhook_delivery where endpoint_id = ? order by created_at desc limit ?")
        .params(endpointId, limit)
        .query(WebhookRepository::delivery)
        .list();
  }

  private static String cut(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 500);
  }

  static String typesText(Set<WebhookEventType> types) {
    return types.stream().map(WebhookEventType::id).sorted().collect(Collectors.joining(","));
  }

  private static WebhookEndpoint endpoint(ResultSet rs, int row) throws SQLException {
    Set<WebhookEventType> types = EnumSet.noneOf(WebhookEventType.class);
    Arrays.stream(rs.getString("event_types").split(","))
        .map(WebhookEventType::of)
        .flatMap(Optional::stream)
        .forEach(types::add);
    return new WebhookEndpoint(
        rs.getObject("id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        URI.create(rs.getString("url")),
        types,
        rs.getString("secret"),
        rs.getTimestamp("created_at").toInstant(),
        new WebhookCircuit(rs.getInt("consecutive_failures"), instant(rs, "circuit_open_until")));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  static WebhookDelivery delivery(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new WebhookDelivery(
        rs.getObject("id", UUID.class),
        rs.getObject("endpoint_id", UUID.class),
        rs.getObject("event_id", UUID.class),
        rs.getString("event_type"),
        rs.getString("payload"),
        WebhookDelivery.Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getTimestamp("next_attempt_at").toInstant(),
        (Integer) rs.getObject("last_status_code"),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getObject("video_id", UUID.class),
        rs.getString("traceparent"));
  }
}
