package dev.frameflow.gateway.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How the relay polls and backs off ({@code FRAMEFLOW_OUTBOX_*}). */
@ConfigurationProperties("frameflow.outbox")
public record OutboxProperties(
    @DefaultValue("200ms") Duration pollInterval,
    @DefaultValue("100") int batchSize,
    @DefaultValue("500ms") Duration firstRetryDelay,
    @DefaultValue("1m") Duration maxRetryDelay) {

  /** Exponential backoff: first, 2×first, 4×first … capped. */
  public Duration retryDelay(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration delay = firstRetryDelay.multipliedBy(factor);
    return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
  }
}
