package dev.frameflow.gateway.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Fills a MIME message with an {@link OutgoingMail}: text and HTML alternatives. */
final class MimeMails {

  private MimeMails() {}

  static void fill(MimeMessage message, String from, OutgoingMail mail) throws MessagingException {
    MimeMessageHelper helper =
        new MimeMessageHelper(
            message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, StandardCharsets.UTF_8.name());
    helper.setFrom(from);
    helper.setTo(mail.to());
    helper.setSubject(mail.subject());
    helper.setText(mail.text(), mail.html());
  }
}
