package dev.frameflow.gateway.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Download links that need no sign-in: {@code
 * /api/videos/{id}/download/signed?expires=…&signature=…} where the signature is an HMAC-SHA256
 * over the video id and the expiry. Whoever holds the link can download that one video's ZIP until
 * it expires or the video is deleted; nothing else.
 */
@Component
@EnableConfigurationProperties(LinkProperties.class)
public class DownloadLinks {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final LinkProperties properties;
  private final SecretKeySpec key;
  private final Clock clock;
  private final String publicBaseUrl;

  public DownloadLinks(
      LinkProperties properties,
      JdbcClient jdbc,
      Clock clock,
      @Value("${frameflow.public-base-url:http://localhost:8080}") String publicBaseUrl) {
    this.properties = properties;
    this.key = LinkSigningKey.load(properties, jdbc, clock);
    this.clock = clock;
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  /** The absolute link an email carries, valid for {@code frameflow.links.email-validity}. */
  public String forEmail(UUID videoId) {
    return publicBaseUrl + path(videoId, clock.instant().plus(properties.emailValidity()));
  }

  /** The page's own address, for emails. */
  public String page() {
    return publicBaseUrl + "/";
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
    byte[] expected = signature(videoId, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Check.FORGED;
    }
    return clock.instant().getEpochSecond() > expires ? Check.EXPIRED : Check.VALID;
  }

  public Duration emailValidity() {
    return properties.emailValidity();
  }

  private String signature(UUID videoId, long expires) {
    try {
      Mac mac = Mac.getInstance(LinkSigningKey.ALGORITHM);
      mac.init(key);
      byte[] digest =
          mac.doFinal(("download:" + videoId + ":" + expires).getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
