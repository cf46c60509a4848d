package dev.frameflow.gateway.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes due deliveries for sending, fairly: endpoints whose oldest due delivery waited longest come
 * first, each gets at most {@code maxInFlightPerEndpoint} deliveries in flight (one while its
 * circuit is half-open, none while open), each account at most {@code maxInFlightPerUser}, counted
 * over every replica. A claimed delivery holds a lease ({@code leased_until}) instead of a row
 * lock, so nothing stays locked while the HTTP call runs and a crashed replica's deliveries are
 * taken over when their lease ends.
 *
 * <p>Replicas claim safely at once: the claim runs in one transaction that locks the endpoints it
 * serves ({@code for update skip locked}: another replica takes other endpoints) and each account
 * it serves (a transaction-scoped advisory lock, skipped when taken), so the in-flight counts it
 * reads cannot change under it.
 */
@Component
public class DeliveryClaims {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final WebhookProperties properties;

  public DeliveryClaims(
      JdbcClient jdbc, TransactionTemplate transactions, WebhookProperties properties) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
  }

  private record Candidate(UUID endpointId, UUID ownerId, boolean halfOpen) {}

  /** Claims at most {@code slots} due deliveries (as many as this replica has free workers). */
  public List<WebhookDelivery> claim(Instant now, int slots) {
    if (slots <= 0) {
      return List.of();
    }
    return transactions.execute(status -> claimIn(now, slots));
  }

  private List<WebhookDelivery> claimIn(Instant now, int slots) {
    List<WebhookDelivery> claimed = new ArrayList<>();
    Map<UUID, Integer> ownerInFlight = new HashMap<>();
    for (Candidate endpoint : candidates(now, slots * 2)) {
      int remaining = slots - claimed.size();
      if (remaining <= 0) {
        break;
      }
      Integer owner = ownerInFlight.get(endpoint.ownerId());
      if (owner == null) {
        if (!lockOwner(endpoint.ownerId())) {
          continue; // another replica is claiming for this account right now
        }
        owner = ownerInFlight(endpoint.ownerId(), now);
      }
      int endpointCap = endpoint.halfOpen() ? 1 : properties.maxInFlightPerEndpoint();
      int wanted =
          Math.min(
              remaining,
              Math.min(
                  endpointCap - endpointInFlight(endpoint.endpointId(), now),
                  properties.maxInFlightPerUser() - owner));
      List<WebhookDelivery> taken =
          wanted > 0 ? claimFor(endpoint.endpointId(), now, wanted) : List.of();
      claimed.addAll(taken);
      ownerInFlight.put(endpoint.ownerId(), owner + taken.size());
    }
    return claimed;
  }

  /** Endpoints with due deliveries and a circuit that lets one through, longest waiting first. */
  private List<Candidate> candidates(Instant now, int limit) {
    return jdbc.sql(
            "with due as (select endpoint_id, min(next_attempt_at) as oldest from webhook_delivery"
                + " where status = 'PENDING' and next_attempt_at <= :now"
                + " and (leased_until is null or leased_until <= :now) group by endpoint_id)"
                + " select e.id, e.owner_id, e.circuit_open_until from webhook_endpoint e"
                + " join due on due.endpoint_id = e.id"
                + " where e.circuit_open_until is null or e.circuit_open_until <= :now"
                + " order by due.oldest limit :limit for update of e skip locked")
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(
            (rs, row) ->
                new Candidate(
                    rs.getObject("id", UUID.class),
                    rs.getObject("owner_id", UUID.class),
                    rs.getTimestamp("circuit_open_until") != null))
        .list();
  }

  private boolean lockOwner(UUID ownerId) {
    long key = ownerId.getMostSignificantBits() ^ ownerId.getLeastSignificantBits();
    return Boolean.TRUE.equals(
        jdbc.sql("select pg_try_advisory_xact_lock(?)").param(key).query(Boolean.class).single());
  }

  private int endpointInFlight(UUID endpointId, Instant now) {
    return jdbc.sql(
            "select count(*) from webhook_delivery where endpoint_id = ? and status = 'PENDING'"
                + " and leased_until > ?")
        .params(endpointId, Timestamp.from(now))
        .query(Integer.class)
        .single();
  }

  private int ownerInFlight(UUID ownerId, Instant now) {
    return jdbc.sql(
            "select count(*) from webhook_delivery d join webhook_endpoint e"
                + " on e.id = d.endpoint_id where e.owner_id = ? and d.status = 'PENDING'"
                + " and d.leased_until > ?")
        .params(ownerId, Timestamp.from(now))
        .query(Integer.class)
        .single();
  }

  private List<WebhookDelivery> claimFor(UUID endpointId, Instant now, int limit) {
    return jdbc.sql(
            "update webhook_delivery set leased_until = :lease, attempts = attempts + 1"
                + " where id in (select id from webhook_delivery where endpoint_id = :endpoint"
                + " and status = 'PENDING' and next_attempt_at <= :now"
                + " and (leased_until is null or leased_until <= :now)"
                + " order by next_attempt_at limit :limit for update skip locked) returning *")
        .param("lease", Timestamp.from(now.plus(properties.lease())))
        .param("endpoint", endpointId)
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(WebhookRepository::delivery)
        .list();
  }
}
