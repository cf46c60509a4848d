package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The Lease's timings as the deployment sets them, and the orders an elector needs. */
class LeasePropertiesTest {

  @Test
  void defaultsAreKubernetesOwnAndAKilledLeaderIsReplacedWithinDurationAndOneTry() {
    LeaseProperties lease = bind(Map.of());

    assertThat(lease).isEqualTo(LeaseProperties.defaults());
    assertThat(lease.longestTakeover()).isEqualTo(Duration.ofMillis(15_000 + 2_400));
  }

  @Test
  void theVariablesOfTheDeploymentAreRead() {
    LeaseProperties lease =
        bind(
            Map.of(
                "frameflow.operator.lease.duration", "30s",
                "frameflow.operator.lease.renew-deadline", "20s",
                "frameflow.operator.lease.retry-period", "4s",
                "frameflow.operator.lease.identity", "operator-0"));

    assertThat(lease.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(lease.renewDeadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(lease.retryPeriod()).isEqualTo(Duration.ofSeconds(4));
    assertThat(lease.holder()).isEqualTo("operator-0");
  }

  @Test
  void aRenewDeadlineNotShorterThanTheDurationIsRefused() {
    assertThatThrownBy(
            () ->
                new LeaseProperties(
                    Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renew-deadline");
  }

  @Test
  void aRetryPeriodThatAllowsNoSecondTryBeforeTheDeadlineIsRefused() {
    assertThatThrownBy(
            () ->
                new LeaseProperties(
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(9), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry-period");
  }

  private static LeaseProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("frameflow.operator.lease", LeaseProperties.class);
  }
}
