package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.decodableFrames;
import static dev.frameflow.e2e.support.FrameflowApi.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.Mail;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.standalone.StandaloneRuntime;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone mode as a user meets it (README "Run it"): one process, the same REST API over
 * HTTP, a real video in, a ZIP of decodable frames and an email (a .eml file in the mailbox) out; a
 * corrupt video fails with its reason; a restart keeps users, videos and tokens.
 */
class StandaloneModeIT {

  @TempDir static Path dataDir;
  @TempDir static Path media;

  static StandaloneRuntime runtime;
  static final FrameflowApi api = new FrameflowApi(() -> runtime.httpPort());

  @BeforeAll
  static void startTheStandaloneMode() {
    runtime = start();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  static StandaloneRuntime start() {
    return StandaloneRuntime.start(
        StandaloneRuntime.Settings.embedded(dataDir, Map.of("frameflow.standalone.workers", 2)));
  }

  @Test
  void aVideoBecomesAZipOfDecodableFramesAndTheOwnerGetsOneEmail() throws Exception {
    String email = "grace-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);

    String id = api.uploadVideo(token, Media.video(media, 4), Map.of("fps", "2"));
    String done = api.awaitFinished(token, id, Duration.ofMinutes(2));

    assertThat(field(done, "status")).isEqualTo("SUCCEEDED");
    assertThat(field(done, "frames")).isEqualTo("8");
    assertThat(decodableFrames(api.downloadZip(token, id)))
        .hasSize(8)
        .allMatch(name -> name.endsWith(".jpg"));
    assertThat(mailsTo(token, email))
        .singleElement()
        .asString()
        .contains("/api/videos/" + id + "/download");
  }

  @Test
  void aCorruptVideoFailsWithItsReasonInTheApiAndInTheEmail() throws Exception {
    String email = "alan-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);

    String id = api.uploadVideo(token, Media.truncatedVideo(media), Map.of());
    String done = api.awaitFinished(token, id, Duration.ofMinutes(2));

    assertThat(field(done, "status")).isEqualTo("FAILED");
    String reason = field(done, "failureReason");
    assertThat(reason).isNotBlank();
    assertThat(mailsTo(token, email))
        .singleElement()
        .asString()
        .contains("could not extract frames")
        .contains(reason);
  }

  @Test
  void aRestartKeepsUsersVideosAndTokens() throws Exception {
    String email = "barbara-" + UUID.randomUUID() + "@example.org";
    String token = api.registerAndLogin(email);
    String id = api.uploadVideo(token, Media.video(media, 2), Map.of("intervalSeconds", "1"));
    api.awaitFinished(token, id, Duration.ofMinutes(2));

    runtime.close();
    runtime = start();

    String again = api.login(email);
    assertThat(field(api.video(again, id).body(), "status")).isEqualTo("SUCCEEDED");
    // the signing key is kept in the data directory, so a token from before the restart still works
    assertThat(api.video(token, id).statusCode()).isEqualTo(200);
  }

  /** The text part of every .eml in the mailbox addressed to {@code email}. */
  /** The emails written for this user, once its one notification is sent (a duplicate is here). */
  static List<String> mailsTo(String token, String email) throws Exception {
    api.awaitNotificationsSent(token, 1);
    return readMails(dataDir.resolve("mailbox"), email);
  }

  private static List<String> readMails(Path mailbox, String email) throws Exception {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(mailbox)) {
      return found;
    }
    try (Stream<Path> files = Files.list(mailbox)) {
      for (Path eml : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
        try (var in = Files.newInputStream(eml)) {
          MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
          if (message.getAllRecipients()[0].toString().contains(email)) {
            found.add(Mail.plainText(message));
          }
        }
      }
    }
    return found;
  }
}
