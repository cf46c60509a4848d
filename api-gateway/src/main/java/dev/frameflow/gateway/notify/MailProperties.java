package dev.frameflow.gateway.notify;

import dev.frameflow.gateway.Backoff;
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
    return new Backoff(firstRetryDelay, maxRetryDelay).after(attempts);
  }
}
