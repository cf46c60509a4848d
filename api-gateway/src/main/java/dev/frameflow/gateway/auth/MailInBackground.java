package dev.frameflow.gateway.auth;

import dev.frameflow.gateway.notify.MailDelivery;
import dev.frameflow.gateway.notify.OutgoingMail;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends account mail (address confirmations, password resets) off the request thread, so that an
 * answer about an address that has an account takes as long as one about an address that has none.
 */
@Component
public class MailInBackground implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(MailInBackground.class);

  private final MailDelivery mail;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "account-mail");
            thread.setDaemon(true);
            return thread;
          });

  public MailInBackground(MailDelivery mail) {
    this.mail = mail;
  }

  /** Queues the message; a failure is logged with {@code what} (never the recipient's address). */
  public void send(OutgoingMail message, String what) {
    sender.execute(
        () -> {
          try {
            mail.deliver(message);
          } catch (Exception e) {
            log.warn("{} not sent: {}", what, e.toString());
          }
        });
  }

  @Override
  public void destroy() {
    sender.shutdown();
  }
}
