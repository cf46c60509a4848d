package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The webhook SLO's histogram: deliveries within 5 minutes of their event, and later ones. */
class WebhookDeliveryLatencyTest {

  @Test
  void aDeliveryCountsWithinTheFiveMinuteBucketOnlyIfItCameInTime() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WebhookDeliveryLatency latency = new WebhookDeliveryLatency(meters);
    Instant event = Instant.parse("2026-12-07T10:00:00Z");

    latency.delivered(event, event.plusSeconds(2));
    latency.delivered(event, event.plus(Duration.ofMinutes(4)));
    latency.delivered(event, event.plus(Duration.ofMinutes(40))); // after retries

    Timer timer = meters.get(WebhookDeliveryLatency.METRIC).timer();
    assertThat(timer.count()).isEqualTo(3);
    double within =
        Arrays.stream(timer.takeSnapshot().histogramCounts())
            .filter(b -> b.bucket() == WebhookDeliveryLatency.OBJECTIVE.toNanos())
            .mapToDouble(CountAtBucket::count)
            .findFirst()
            .orElseThrow();
    assertThat(within).isEqualTo(2);
  }
}
