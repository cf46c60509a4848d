package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.webhooks.*}. One endpoint must never delay another's deliveries: each attempt
 * ends at {@code attemptDeadline} whatever the receiver does; each replica sends with {@code
 * workers} threads, of which one endpoint takes at most {@code maxInFlightPerEndpoint} and one
 * account {@code maxInFlightPerUser} (counted over every replica); an endpoint that failed {@code
 * circuitFailureThreshold} attempts in a row is backed off ({@code circuitOpenFor}, doubling up to
 * {@code circuitMaxOpenFor}) and then probed with one delivery. {@code maxTestEvents} test events
 * per account per {@code testEventWindow}.
 */
@ConfigurationProperties("frameflow.webhooks")
public record WebhookProperties(
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("10s") Duration firstRetryDelay,
    @DefaultValue("1h") Duration maxRetryDelay,
    @DefaultValue("24h") Duration giveUpAfter,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("10s") Duration responseTimeout,
    @DefaultValue("15s") Duration attemptDeadline,
    @DefaultValue("8") int workers,
    @DefaultValue("2") int maxInFlightPerEndpoint,
    @DefaultValue("4") int maxInFlightPerUser,
    @DefaultValue("5") int circuitFailureThreshold,
    @DefaultValue("1m") Duration circuitOpenFor,
    @DefaultValue("1h") Duration circuitMaxOpenFor,
    @DefaultValue("10") int maxTestEvents,
    @DefaultValue("1h") Duration testEventWindow,
    @DefaultValue("10") int maxEndpointsPerUser) {

  public WebhookProperties {
    if (workers < 1 || maxInFlightPerEndpoint < 1 || maxInFlightPerUser < 1) {
      throw new IllegalArgumentException(
          "frameflow.webhooks.workers, max-in-flight-per-endpoint and max-in-flight-per-user must"
              + " be at least 1");
    }
    if (circuitFailureThreshold < 1) {
      throw new IllegalArgumentException(
          "frameflow.webhooks.circuit-failure-threshold must be at least 1");
    }
  }

  /** The wait after the {@code attempts}-th failed delivery (1 = after the first). */
  public Duration retryDelay(int attempts) {
    return new Backoff(firstRetryDelay, maxRetryDelay).after(attempts);
  }

  /**
   * How long a claimed delivery is held before another replica may take it again: longer than any
   * attempt can last, so only a crashed replica's deliveries are taken over.
   */
  public Duration lease() {
    return attemptDeadline.multipliedBy(2).plusSeconds(5);
  }
}
