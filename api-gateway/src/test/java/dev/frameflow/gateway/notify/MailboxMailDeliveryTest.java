package dev.frameflow.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxMailDeliveryTest {

  @TempDir Path dir;

  @Test
  void eachMailBecomesOneReadableEmlFile() throws Exception {
    MailboxMailDelivery mailbox =
        new MailboxMailDelivery(
            dir.resolve("mailbox"), "Frameflow <no-reply@frameflow.local>", Clock.systemUTC());
    mailbox.deliver(
        new OutgoingMail("ada@example.org", "Your frames are ready", "plain text", "<p>html</p>"));

    List<Path> files;
    try (Stream<Path> listing = Files.list(dir.resolve("mailbox"))) {
      files = listing.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(files.get(0).toString()).endsWith(".eml");
    try (InputStream in = Files.newInputStream(files.get(0))) {
      MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
      assertThat(message.getSubject()).isEqualTo("Your frames are ready");
      assertThat(message.getAllRecipients()[0].toString()).isEqualTo("ada@example.org");
    }
    assertThat(Files.readString(files.get(0))).contains("plain text").contains("<p>html</p>");
  }
}
