package dev.frameflow.gateway.links;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Download links that need no sign-in: {@code
 * /api/videos/{id}/download/signed?expires=…&signature=…} where the signature is an HMAC-SHA256
 * over the video id and the expiry. Whoever holds the link can download that one video's ZIP until
 * it expires or the video is deleted; nothing else.
 */
@Component
public class DownloadLinks {

  private final LinkProperties properties;
  private final LinkSigner signer;
  private final Clock clock;
  private final PublicBaseUrl baseUrl;

  public DownloadLinks(
      LinkProperties properties, LinkSigner signer, Clock clock, PublicBaseUrl baseUrl) {
    this.properties = properties;
    this.signer = signer;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** The absolute link an email carries, valid for {@code frameflow.links.email-validity}. */
  public String forEmail(UUID videoId) {
    return baseUrl.forMessages() + path(videoId, clock.instant().plus(properties.emailValidity()));
  }

  /** The page's own address, for emails. */
  public String page() {
    return baseUrl.forMessages() + "/";
  }

  /** A short-lived link for the signed-in owner's download button. */
  public SignedLink forPage(UUID videoId) {
    Instant expires = clock.instant().plus(properties.pageValidity());
    return new SignedLink(path(videoId, expires), expires);
  }

  public record SignedLink(String href, Instant expiresAt) {}

  /** The path and query of a link to the video valid until {@code expires}. */
  public String path(UUID videoId, Instant expires) {
    long seconds = expires.getEpochSecond();
    return "/api/videos/"
        + videoId
        + "/download/signed?expires="
        + seconds
        + "&signature="
        + signature(videoId, seconds);
  }

  public enum Check {
    VALID,
    EXPIRED,
    FORGED
  }

  /** Checks the signature first, so an expiry that was tampered with counts as forged. */
  public Check check(UUID videoId, long expires, String signature) {
    if (!signer.verifies(message(videoId, expires), signature)) {
      return Check.FORGED;
    }
    return clock.instant().getEpochSecond() > expires ? Check.EXPIRED : Check.VALID;
  }

  public Duration emailValidity() {
    return properties.emailValidity();
  }

  private String signature(UUID videoId, long expires) {
    return signer.sign(message(videoId, expires));
  }

  /** What a download link signs; the links already mailed depend on it staying the same. */
  private static String message(UUID videoId, long expires) {
    return "download:" + videoId + ":" + expires;
  }
}
