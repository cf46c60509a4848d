package dev.frameflow.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.gateway.links.DownloadLinks;
import dev.frameflow.gateway.links.LinkProperties;
import dev.frameflow.gateway.links.LinkSigner;
import dev.frameflow.gateway.links.PublicBaseUrl;
import dev.frameflow.gateway.video.ContainerFormat;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The emails come from templates; what a user chose (the file name) cannot break out of them. */
class NotificationComposerTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final String HOSTILE =
      "a.mp4\r\nBcc: victim@example.org\r\n\r\n<script>alert(1)</script>\u202e<b>x</b>";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final LinkProperties linkProperties =
      new LinkProperties(
          Duration.ofDays(7),
          Duration.ofMinutes(10),
          Base64.getEncoder().encodeToString(new byte[32]));
  private final DownloadLinks links =
      new DownloadLinks(
          linkProperties,
          new LinkSigner(linkProperties, null, clock),
          clock,
          new PublicBaseUrl("https://frameflow.example.org/"));
  private final NotificationComposer composer = new NotificationComposer(links, clock);

  @Test
  void theSuccessEmailCarriesASignedSevenDayLinkAndThePageInTextAndHtml() {
    Video video = video(VideoStatus.SUCCEEDED, "holiday.mp4", null);
    OutgoingMail mail = composer.compose(notification("SUCCEEDED"), video);

    String link = links.forEmail(video.id());
    assertThat(link)
        .startsWith("https://frameflow.example.org/api/videos/" + video.id() + "/download/signed")
        .contains("expires=" + NOW.plus(Duration.ofDays(7)).getEpochSecond());
    assertThat(mail.subject()).isEqualTo("Your frames are ready: holiday.mp4");
    assertThat(mail.text())
        .contains("the frames of holiday.mp4 are ready (12 frames)")
        .contains(link)
        .contains("valid until 6 December 2026, 10:00 UTC")
        .contains("https://frameflow.example.org/\n");
    assertThat(mail.html())
        .contains("<b>holiday.mp4</b>")
        .contains("href=\"" + link.replace("&", "&amp;") + "\"")
        .contains("href=\"https://frameflow.example.org/\"");
  }

  @Test
  void aHostileFileNameAddsNoHeaderNoLineAndNoMarkup() {
    Video video = video(VideoStatus.FAILED, HOSTILE, "could not read " + HOSTILE);
    OutgoingMail mail = composer.compose(notification("FAILED"), video);

    assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u202e");
    assertThat(mail.text()).doesNotContain("\nBcc:").doesNotContain("\u202e");
    assertThat(mail.text().lines().filter(l -> l.contains("Bcc"))).hasSize(2); // name, reason
    assertThat(mail.html())
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<b>x</b>");
  }

  private static Notification notification(String outcome) {
    return new Notification(
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        outcome,
        "ada@example.org",
        "SENDING",
        1,
        null,
        NOW,
        null,
        null);
  }

  private static Video video(VideoStatus status, String name, String reason) {
    UUID id = UUID.randomUUID();
    return new Video(
        id,
        UUID.randomUUID(),
        status,
        name,
        "video/mp4",
        ContainerFormat.values()[0],
        1000,
        new ObjectRef("uploads", "videos/" + id + "/source"),
        new ObjectRef("results", "videos/" + id + "/frames.zip"),
        ExtractionOptions.defaults(),
        null,
        status == VideoStatus.SUCCEEDED ? 12 : null,
        null,
        reason,
        NOW,
        NOW,
        NOW,
        null);
  }
}
