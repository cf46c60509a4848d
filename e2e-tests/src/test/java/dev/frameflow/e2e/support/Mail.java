package dev.frameflow.e2e.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Emails as GreenMail received them over SMTP. */
public final class Mail {

  public record Received(String to, String subject, String text) {}

  private Mail() {}

  /**
   * The emails {@code recipient} got, which must be {@code count}: call it once the user's
   * notifications are all sent ({@code FrameflowApi.awaitNotificationsSent}), when a duplicate
   * would already be here.
   */
  public static List<Received> exactly(GreenMail mail, String recipient, int count) {
    List<Received> received = to(mail, recipient);
    if (received.size() != count) {
      throw new AssertionError(
          "expected " + count + " email(s) to " + recipient + " but got " + received.size());
    }
    return received;
  }

  public static List<Received> all(GreenMail mail) {
    return read(Arrays.asList(mail.getReceivedMessages()));
  }

  public static List<Received> to(GreenMail mail, String recipient) {
    return all(mail).stream().filter(m -> m.to().contains(recipient)).toList();
  }

  private static List<Received> read(List<MimeMessage> messages) {
    List<Received> received = new ArrayList<>();
    for (MimeMessage message : messages) {
      try {
        received.add(
            new Received(
                Arrays.toString(message.getRecipients(Message.RecipientType.TO)),
                message.getSubject(),
                plainText(message)));
      } catch (Exception e) {
        throw new IllegalStateException(
            "unreadable email: " + GreenMailUtil.getWholeMessage(message), e);
      }
    }
    return received;
  }

  /** The text/plain parts of a message (the HTML alternative left out). */
  public static String plainText(MimeMessage message) throws Exception {
    return plainText(message.getContent());
  }

  private static String plainText(Object content) throws Exception {
    if (content instanceof String text) {
      return text;
    }
    Multipart multipart = (Multipart) content;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType("text/plain") || part.getContent() instanceof Multipart) {
        text.append(plainText(part.getContent()));
      }
    }
    return text.toString();
  }
}
