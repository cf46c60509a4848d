package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookCircuitTest {

  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

  /** The defaults: open after 5 failures in a row for 1 minute, doubling up to 1 hour. */
  private static final WebhookProperties DEFAULTS =
      new WebhookProperties(
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofHours(1),
          Duration.ofHours(24),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          8,
          2,
          4,
          5,
          Duration.ofMinutes(1),
          Duration.ofHours(1),
          10,
          Duration.ofHours(1),
          10);

  @Test
  void anEndpointIsClosedUntilItsFailuresReachTheThreshold() {
    assertThat(WebhookCircuit.openUntilAfter(4, DEFAULTS, NOW)).isNull();
    assertThat(new WebhookCircuit(4, null).state(NOW)).isEqualTo(WebhookCircuit.State.CLOSED);
  }

  @Test
  void theFailureThatReachesTheThresholdOpensItForTheOpenTime() {
    Instant until = WebhookCircuit.openUntilAfter(5, DEFAULTS, NOW);
    assertThat(until).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    assertThat(new WebhookCircuit(5, until).state(NOW)).isEqualTo(WebhookCircuit.State.OPEN);
  }

  @Test
  void afterTheOpenTimeOneProbeMayGoThroughHalfOpen() {
    WebhookCircuit circuit = new WebhookCircuit(5, NOW.plus(Duration.ofMinutes(1)));
    assertThat(circuit.state(NOW.plus(Duration.ofMinutes(1))))
        .isEqualTo(WebhookCircuit.State.HALF_OPEN);
  }

  @Test
  void eachFailedProbeDoublesTheWaitUpToTheMaximum() {
    assertThat(WebhookCircuit.openUntilAfter(6, DEFAULTS, NOW))
        .isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    assertThat(WebhookCircuit.openUntilAfter(7, DEFAULTS, NOW))
        .isEqualTo(NOW.plus(Duration.ofMinutes(4)));
    assertThat(WebhookCircuit.openUntilAfter(40, DEFAULTS, NOW))
        .isEqualTo(NOW.plus(Duration.ofHours(1)));
  }
}
