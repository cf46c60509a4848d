package dev.frameflow.operator.config;

import dev.frameflow.operator.reconciler.VideoJobOperator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "operator": started and all informers watching. */
@Component("operator")
public class OperatorHealthIndicator implements HealthIndicator {

  private final VideoJobOperator operator;

  public OperatorHealthIndicator(VideoJobOperator operator) {
    this.operator = operator;
  }

  @Override
  public Health health() {
    return operator.isHealthy()
        ? Health.up().withDetail("namespace", operator.namespace()).build()
        : Health.outOfService().withDetail("namespace", operator.namespace()).build();
  }
}
