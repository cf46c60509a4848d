package dev.frameflow.gateway.notify;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

@Configuration(proxyBeanMethods = false)
class NotificationSchedule implements SchedulingConfigurer {

  private final NotificationSender sender;
  private final MailProperties properties;

  NotificationSchedule(NotificationSender sender, MailProperties properties) {
    this.sender = sender;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(sender::sendDue, properties.pollInterval());
  }
}
