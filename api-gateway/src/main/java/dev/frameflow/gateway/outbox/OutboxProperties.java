package dev.frameflow.gateway.outbox;

import dev.frameflow.gateway.Backoff;
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

  public Duration retryDelay(int attempts) {
    return new Backoff(firstRetryDelay, maxRetryDelay).after(attempts);
  }
}
