package dev.frameflow.gateway.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * The histogram {@code frameflow_webhook_delivery_seconds}: from the change a webhook announces
 * (its delivery row) to the receiver's 2xx, retries included, with a bucket at the SLO's 5 minutes.
 * Deliveries given up count in {@code frameflow_webhooks_deliveries_total{outcome="failed"}}.
 */
final class WebhookDeliveryLatency {

  public static final String METRIC = "frameflow.webhook.delivery";
  public static final Duration OBJECTIVE = Duration.ofMinutes(5);

  private final Timer timer;

  WebhookDeliveryLatency(MeterRegistry meters) {
    this.timer =
        Timer.builder(METRIC)
            .description("Time from a webhook's event to its delivery (2xx), retries included")
            .serviceLevelObjectives(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                OBJECTIVE,
                Duration.ofMinutes(15),
                Duration.ofHours(1),
                Duration.ofHours(6),
                Duration.ofHours(24))
            .register(meters);
  }

  void delivered(Instant eventAt, Instant deliveredAt) {
    Duration taken = Duration.between(eventAt, deliveredAt);
    timer.record(taken.isNegative() ? Duration.ZERO : taken);
  }
}
