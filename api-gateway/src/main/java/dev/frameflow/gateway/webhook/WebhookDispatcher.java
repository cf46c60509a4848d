package dev.frameflow.gateway.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is due, at least once: a delivery is claimed for a lease, posted, then marked
 * delivered (2xx) or given its next attempt with exponential backoff (from {@code firstRetryDelay}
 * doubling to {@code maxRetryDelay}) until {@code giveUpAfter} has passed since the event, when it
 * is marked failed. Receivers de-duplicate by the {@code Frameflow-Event-Id} header.
 */
public class WebhookDispatcher {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 20;

  private final WebhookRepository webhooks;
  private final WebhookClient client;
  private final WebhookProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  public WebhookDispatcher(
      WebhookRepository webhooks,
      WebhookClient client,
      WebhookProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.webhooks = webhooks;
    this.client = client;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  /** Sends every due delivery; returns how many attempts were made. */
  public int sendDue() {
    int attempts = 0;
    Duration lease = properties.connectTimeout().plus(properties.responseTimeout()).multipliedBy(2);
    for (var batch = webhooks.claimDue(clock.instant(), lease, BATCH);
        !batch.isEmpty();
        batch = webhooks.claimDue(clock.instant(), lease, BATCH)) {
      for (WebhookDelivery delivery : batch) {
        send(delivery);
        attempts++;
      }
    }
    return attempts;
  }

  private void send(WebhookDelivery delivery) {
    var endpoint = webhooks.find(delivery.endpointId());
    if (endpoint.isEmpty()) {
      return; // deleted meanwhile: its deliveries went with it
    }
    Instant now = clock.instant();
    WebhookClient.Attempt attempt =
        client.post(endpoint.get().url(), delivery, endpoint.get().secret(), now.getEpochSecond());
    if (attempt.delivered()) {
      webhooks.markDelivered(delivery.id(), attempt.statusCode(), clock.instant());
      meters.counter("frameflow.webhooks.deliveries", "outcome", "delivered").increment();
      return;
    }
    String error =
        attempt.error() != null ? attempt.error() : "answered HTTP " + attempt.statusCode();
    Instant next = now.plus(properties.retryDelay(delivery.attempts()));
    if (next.isAfter(delivery.createdAt().plus(properties.giveUpAfter()))) {
      webhooks.markFailed(delivery.id(), attempt.statusCode(), error, now);
      meters.counter("frameflow.webhooks.deliveries", "outcome", "failed").increment();
      log.info(
          "webhook delivery {} gave up after {} attempts: {}",
          delivery.id(),
          delivery.attempts(),
          error);
      return;
    }
    webhooks.markRetry(delivery.id(), attempt.statusCode(), error, next);
    meters.counter("frameflow.webhooks.deliveries", "outcome", "retry").increment();
  }
}
