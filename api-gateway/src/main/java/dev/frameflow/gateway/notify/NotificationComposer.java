package dev.frameflow.gateway.notify;

import dev.frameflow.gateway.links.DownloadLinks;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoStatus;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes the success and failure emails from templates (text and HTML). The success email carries a
 * signed link that downloads the ZIP in one click without signing in, and a link to the page.
 * User-chosen text (the file name, a reason quoting it) is stripped of control characters before it
 * reaches the subject or a body, so it can neither add a header nor fake lines of the mail.
 */
@Component
public class NotificationComposer {

  private static final DateTimeFormatter EXPIRY =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final DownloadLinks links;
  private final Clock clock;
  private final MailTemplates templates = new MailTemplates();

  public NotificationComposer(DownloadLinks links, Clock clock) {
    this.links = links;
    this.clock = clock;
  }

  public OutgoingMail compose(Notification notification, Video video) {
    String name = video.originalFilename() == null ? "your video" : clean(video.originalFilename());
    Map<String, Object> model = new HashMap<>();
    model.put("name", name);
    model.put("pageUrl", links.page());
    if (VideoStatus.valueOf(notification.outcome()) == VideoStatus.SUCCEEDED) {
      model.put("frames", video.frameCount());
      model.put("downloadUrl", links.forEmail(video.id()));
      model.put("expires", EXPIRY.format(clock.instant().plus(linksValidity())));
      return new OutgoingMail(
          notification.recipient(),
          "Your frames are ready: " + name,
          templates.text("video-succeeded", model),
          templates.html("video-succeeded", model));
    }
    model.put(
        "reason",
        video.failureReason() == null ? "the extraction failed" : clean(video.failureReason()));
    return new OutgoingMail(
        notification.recipient(),
        "We could not process " + name,
        templates.text("video-failed", model),
        templates.html("video-failed", model));
  }

  private java.time.Duration linksValidity() {
    return links.emailValidity();
  }

  /** One line of printable text, at most 200 characters. */
  static String clean(String userText) {
    String oneLine = userText.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }
}
