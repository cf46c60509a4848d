package dev.frameflow.gateway.notify;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Notification email settings ({@code FRAMEFLOW_MAIL_*}). */
@ConfigurationProperties("frameflow.mail")
public record MailProperties(
    @DefaultValue("smtp") String mode,
    @DefaultValue("Frameflow <no-reply@frameflow.local>") String from,
    @DefaultValue("mailbox") Path mailboxDir,
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("5s") Duration firstRetryDelay,
    @DefaultValue("30m") Duration maxRetryDelay) {

  public Duration retryDelay(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration delay = firstRetryDelay.multipliedBy(factor);
    return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
  }
}
