package dev.frameflow.gateway.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
class OutboxConfiguration implements SchedulingConfigurer {

  private final OutboxRelay relay;
  private final OutboxProperties properties;

  OutboxConfiguration(OutboxRelay relay, OutboxProperties properties) {
    this.relay = relay;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(relay::relayDue, properties.pollInterval());
    registrar.addFixedDelayTask(relay::purgeOld, Duration.ofHours(1));
  }
}
