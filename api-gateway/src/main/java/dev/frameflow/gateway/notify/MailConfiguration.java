package dev.frameflow.gateway.notify;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** Picks the {@link MailDelivery} from {@code frameflow.mail.mode}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

  @Bean
  @ConditionalOnMissingBean(MailDelivery.class)
  @ConditionalOnProperty(name = "frameflow.mail.mode", havingValue = "smtp", matchIfMissing = true)
  MailDelivery smtpMailDelivery(ObjectProvider<JavaMailSender> sender, MailProperties properties) {
    JavaMailSender javaMailSender =
        sender.getIfAvailable(
            () -> {
              throw new IllegalStateException(
                  "frameflow.mail.mode=smtp needs an SMTP server: set SPRING_MAIL_HOST"
                      + " (or FRAMEFLOW_MAIL_MODE=mailbox)");
            });
    return new SmtpMailDelivery(javaMailSender, properties.from());
  }

  @Bean
  @ConditionalOnMissingBean(MailDelivery.class)
  @ConditionalOnProperty(name = "frameflow.mail.mode", havingValue = "mailbox")
  MailDelivery mailboxMailDelivery(MailProperties properties, Clock clock) {
    return new MailboxMailDelivery(properties.mailboxDir(), properties.from(), clock);
  }
}
