package dev.frameflow.gateway.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.frameflow.gateway.support.FrameZips;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.gateway.support.WebFeatureTest;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The success email's link downloads the ZIP with no credentials, until expiry or deletion. */
class SignedDownloadLinkIT extends WebFeatureTest {

  private static final Pattern SIGNED_LINK =
      Pattern.compile(
          "https://frameflow\\.example\\.org(/api/videos/[0-9a-f-]+/download/signed\\?\\S+)");

  @Autowired DownloadLinks links;

  @Test
  void theEmailedLinkDownloadsTheZipWithoutSigningInUntilTheVideoIsDeleted() throws Exception {
    String email = newUser();
    String token = login(email);
    byte[] zip = FrameZips.frames(3, 64, 36);
    UUID videoId = succeededVideo(token, zip, 3);

    MimeMessage mail = awaitOneMailTo(email);
    String text = textPart(mail.getContent());
    Matcher link = SIGNED_LINK.matcher(text);
    assertThat(link.find()).as(text).isTrue();
    assertThat(link.group(1)).startsWith("/api/videos/" + videoId + "/download/signed?expires=");
    assertThat(text).contains("https://frameflow.example.org/").contains("no sign-in");
    // the link is good for 7 days
    long expires = Long.parseLong(link.group(1).replaceAll(".*expires=(\\d+).*", "$1"));
    assertThat(expires - Instant.now().getEpochSecond())
        .isBetween(Duration.ofDays(7).toSeconds() - 120, Duration.ofDays(7).toSeconds());
    // the HTML part escapes the query's & and carries the same link
    assertThat(GreenMailUtil.getBody(mail))
        .contains("download/signed?expires=" + expires + "&amp;signature=");

    HttpResponse<String> download = get(link.group(1), null);
    assertThat(download.statusCode()).as(download.body()).isEqualTo(302);
    URI presigned = URI.create(download.headers().firstValue("Location").orElseThrow());
    HttpResponse<byte[]> zipResponse =
        http.send(
            HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zipResponse.statusCode()).isEqualTo(200);
    assertThat(zipResponse.body()).isEqualTo(zip);
    assertThat(zipResponse.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).contains("clip-frames.zip"));

    assertThat(delete("/api/videos/" + videoId, token).statusCode()).isEqualTo(204);
    HttpResponse<String> afterDeletion = get(link.group(1), null);
    assertProblem(afterDeletion, 410);
    assertThat(body(afterDeletion).get("detail").asString()).contains("deleted");
  }

  @Test
  void anExpiredOrTamperedLinkIsRefused() {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.frames(1, 32, 32), 1);

    HttpResponse<String> expired = get(links.path(videoId, Instant.now().minusSeconds(1)), null);
    assertProblem(expired, 410);
    assertThat(body(expired).get("detail").asString()).contains("expired");

    String valid = links.path(videoId, Instant.now().plus(Duration.ofDays(7)));
    assertThat(get(valid, null).statusCode()).isEqualTo(302);
    // pushing the expiry further out breaks the signature
    String stretched = valid.replaceAll("expires=(\\d+)", "expires=$19");
    assertProblem(get(stretched, null), 403);
    // a valid signature for one video does not open another
    UUID other = succeededVideo(token, FrameZips.frames(1, 32, 32), 1);
    assertProblem(get(valid.replace(videoId.toString(), other.toString()), null), 403);
    assertProblem(get(valid.replaceAll("signature=.*", "signature=AAAA"), null), 403);
  }

  @Test
  void thePageGetsAShortLivedLinkForItsOwnFinishedVideosOnly() {
    String token = login(newUser());
    UUID videoId = succeededVideo(token, FrameZips.frames(1, 32, 32), 1);

    HttpResponse<String> response = get("/api/videos/" + videoId + "/download-link", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String href = body(response).get("href").asString();
    Instant expiresAt = Instant.parse(body(response).get("expiresAt").asString());
    assertThat(expiresAt).isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(601));
    assertThat(get(href, null).statusCode()).isEqualTo(302);

    assertThat(get("/api/videos/" + videoId + "/download-link", null).statusCode()).isEqualTo(401);
    String stranger = login(newUser());
    assertProblem(get("/api/videos/" + videoId + "/download-link", stranger), 404);
    UUID queued = uploadVideo(token);
    assertProblem(get("/api/videos/" + queued + "/download-link", token), 409);
  }

  private static MimeMessage awaitOneMailTo(String email) {
    await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(email).size() == 1);
    return mailsTo(email).get(0);
  }

  private static String textPart(Object content) throws Exception {
    if (content instanceof String text) {
      return text;
    }
    MimeMultipart multipart = (MimeMultipart) content;
    for (int i = 0; i < multipart.getCount(); i++) {
      var part = multipart.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        return (String) part.getContent();
      }
      if (part.getContent() instanceof MimeMultipart nested) {
        String found = textPart(nested);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static List<MimeMessage> mailsTo(String email) {
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
}
