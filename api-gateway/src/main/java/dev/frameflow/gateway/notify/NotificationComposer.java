package dev.frameflow.gateway.notify;

import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/** Writes the success and failure emails in plain words, text and HTML. */
@Component
public class NotificationComposer {

  private final String publicBaseUrl;

  public NotificationComposer(
      @Value("${frameflow.public-base-url:http://localhost:8080}") String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  public OutgoingMail compose(Notification notification, Video video) {
    String name = video.originalFilename() == null ? "your video" : video.originalFilename();
    if (VideoStatus.valueOf(notification.outcome()) == VideoStatus.SUCCEEDED) {
      String link = publicBaseUrl + "/api/videos/" + video.id() + "/download";
      String frames = video.frameCount() == null ? "Your" : video.frameCount() + "";
      String text =
          "Hello,\n\n"
              + "the frames of "
              + name
              + " are ready"
              + (video.frameCount() == null ? "" : " (" + frames + " frames)")
              + ".\n\nDownload the ZIP: "
              + link
              + "\n(sign in first; the download link it leads to is valid for 15 minutes)\n\n"
              + "Frameflow\n";
      String html =
          "<p>Hello,</p><p>the frames of <b>"
              + HtmlUtils.htmlEscape(name)
              + "</b> are ready"
              + (video.frameCount() == null ? "" : " (" + frames + " frames)")
              + ".</p><p><a href=\""
              + HtmlUtils.htmlEscape(link)
              + "\">Download the ZIP</a></p><p>Frameflow</p>";
      return new OutgoingMail(
          notification.recipient(), "Your frames are ready: " + name, text, html);
    }
    String reason = video.failureReason() == null ? "the extraction failed" : video.failureReason();
    String text =
        "Hello,\n\nwe could not extract frames from "
            + name
            + ".\n\nReason: "
            + reason
            + "\n\nYou can upload the video again, or another file.\n\nFrameflow\n";
    String html =
        "<p>Hello,</p><p>we could not extract frames from <b>"
            + HtmlUtils.htmlEscape(name)
            + "</b>.</p><p>Reason: "
            + HtmlUtils.htmlEscape(reason)
            + "</p><p>You can upload the video again, or another file.</p><p>Frameflow</p>";
    return new OutgoingMail(notification.recipient(), "We could not process " + name, text, html);
  }
}
