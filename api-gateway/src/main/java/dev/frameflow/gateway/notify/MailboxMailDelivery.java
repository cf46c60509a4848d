package dev.frameflow.gateway.notify;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.UUID;

/**
 * Writes each email as an {@code .eml} file into a directory (any mail client opens them): the
 * standalone mode's mailbox, no SMTP server needed. Files appear atomically, whole or not at all.
 */
public class MailboxMailDelivery implements MailDelivery {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final String from;
  private final Clock clock;
  private final Session session = Session.getInstance(new Properties());

  public MailboxMailDelivery(Path directory, String from, Clock clock) {
    this.directory = directory;
    this.from = from;
    this.clock = clock;
  }

  @Override
  public void deliver(OutgoingMail mail) throws Exception {
    Files.createDirectories(directory);
    MimeMessage message = new MimeMessage(session);
    MimeMails.fill(message, from, mail);
    message.saveChanges();
    String name = STAMP.format(clock.instant()) + "-" + UUID.randomUUID() + ".eml";
    Path partial = directory.resolve(name + ".part");
    try (OutputStream out = Files.newOutputStream(partial)) {
      message.writeTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  public Path directory() {
    return directory;
  }
}
