package dev.frameflow.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxPropertiesTest {

  @Test
  void retriesBackOffExponentiallyUpToTheCap() {
    OutboxProperties properties =
        new OutboxProperties(
            Duration.ofMillis(200), 100, Duration.ofMillis(500), Duration.ofSeconds(60));
    assertThat(properties.retryDelay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.retryDelay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.retryDelay(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(properties.retryDelay(8)).isEqualTo(Duration.ofSeconds(60));
    assertThat(properties.retryDelay(1000)).isEqualTo(Duration.ofSeconds(60));
  }
}
