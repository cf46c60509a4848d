package dev.frameflow.gateway.notify;

import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Sends through Spring Mail over SMTP ({@code SPRING_MAIL_*}). */
public class SmtpMailDelivery implements MailDelivery {

  private final JavaMailSender sender;
  private final String from;

  public SmtpMailDelivery(JavaMailSender sender, String from) {
    this.sender = sender;
    this.from = from;
  }

  @Override
  public void deliver(OutgoingMail mail) throws Exception {
    MimeMessage message = sender.createMimeMessage();
    MimeMails.fill(message, from, mail);
    sender.send(message);
  }
}
