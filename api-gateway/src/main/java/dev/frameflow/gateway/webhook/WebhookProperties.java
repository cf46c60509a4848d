package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.webhooks.*}. {@code allowedNetworks} lists CIDR blocks that deliveries may reach
 * although they are internal (loopback, private, link-local): empty in production; a test or an
 * on-premises installation names exactly what it trusts.
 */
@ConfigurationProperties("frameflow.webhooks")
public record WebhookProperties(
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("10s") Duration firstRetryDelay,
    @DefaultValue("1h") Duration maxRetryDelay,
    @DefaultValue("24h") Duration giveUpAfter,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("10s") Duration responseTimeout,
    @DefaultValue("10") int maxEndpointsPerUser) {
  /** The wait after the {@code attempts}-th failed delivery (1 = after the first). */
  public Duration retryDelay(int attempts) {
    return new Backoff(firstRetryDelay, maxRetryDelay).after(attempts);
  }
}
