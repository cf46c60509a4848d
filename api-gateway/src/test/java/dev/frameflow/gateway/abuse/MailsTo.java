package dev.frameflow.gateway.abuse;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.frameflow.gateway.support.TestServers;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mails the SMTP stand-in received for one address, and the tokens their links carry. */
final class MailsTo {

  private MailsTo() {}

  static List<MimeMessage> address(String email) {
    return Arrays.stream(TestServers.get().greenMail().getReceivedMessages())
        .filter(
            message -> {
              try {
                return Arrays.stream(message.getRecipients(RecipientType.TO))
                    .anyMatch(address -> address.toString().equalsIgnoreCase(email));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  /** The token the {@code index}th mail to the address carries after {@code prefix}. */
  static String token(String email, int index, String prefix) {
    Matcher token =
        Pattern.compile(Pattern.quote(prefix) + "([A-Za-z0-9_-]+)")
            .matcher(GreenMailUtil.getBody(address(email).get(index)));
    if (!token.find()) {
      throw new AssertionError("no " + prefix + " in mail " + index + " to " + email);
    }
    return token.group(1);
  }
}
