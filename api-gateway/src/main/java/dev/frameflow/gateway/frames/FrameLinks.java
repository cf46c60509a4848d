package dev.frameflow.gateway.frames;

import dev.frameflow.gateway.links.LinkSigner;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Signed frame URLs: the frame's path and parameters plus {@code expires} (epoch seconds) and
 * {@code signature}, an HMAC-SHA256 (base64url) with the link signing key over the method, the
 * path, the canonical query and the expiry. Whoever holds one sees that one picture of that one
 * video until it expires: another time, size, video or expiry breaks the signature. The canonical
 * query (sorted, defaults left out) is what is signed, so {@code ?width=640&time=83} and {@code
 * ?time=83&width=640} are the same link.
 */
@Component
public class FrameLinks {

  /** The signed-URL parameters, taken off the query before the frame's own are read. */
  public static final String EXPIRES = "expires";

  public static final String SIGNATURE = "signature";

  /** Sets a frame link's message apart from every other kind of link the key signs. */
  private static final String PURPOSE = "frame-link";

  private final LinkSigner signer;
  private final Clock clock;

  public FrameLinks(LinkSigner signer, Clock clock) {
    this.signer = signer;
    this.clock = clock;
  }

  /** A signed link and when it stops working. */
  public record SignedFrameLink(String url, Instant expiresAt) {}

  /**
   * The absolute signed URL of the image, valid until {@code expires}.
   *
   * @param baseUrl scheme, host and port ({@link dev.frameflow.gateway.links.PublicBaseUrl}); the
   *     signature does not cover it, so the same link works under every address of the gateway
   */
  public SignedFrameLink sign(String baseUrl, UUID videoId, RequestedImage image, Instant expires) {
    long seconds = expires.getEpochSecond();
    String path = image.path(videoId);
    String query = queryString(image.canonicalQuery());
    String url =
        baseUrl
            + path
            + "?"
            + (query.isEmpty() ? "" : query + "&")
            + EXPIRES
            + "="
            + seconds
            + "&"
            + SIGNATURE
            + "="
            + signer.sign(message(path, query, seconds));
    return new SignedFrameLink(url, Instant.ofEpochSecond(seconds));
  }

  public enum Check {
    VALID,
    EXPIRED,
    FORGED
  }

  /**
   * Checks the signature first, so that an expiry that was tampered with counts as forged; an
   * expiry that is no number is forged too.
   */
  public Check check(UUID videoId, RequestedImage image, String expires, String signature) {
    long seconds;
    try {
      seconds = Long.parseLong(expires == null ? "" : expires);
    } catch (NumberFormatException e) {
      return Check.FORGED;
    }
    String message = message(image.path(videoId), queryString(image.canonicalQuery()), seconds);
    if (!signer.verifies(message, signature)) {
      return Check.FORGED;
    }
    return clock.instant().getEpochSecond() > seconds ? Check.EXPIRED : Check.VALID;
  }

  /**
   * Whether the request presents a signed link: the security rules let it in without a token for
   * this reason, and the frame controller then checks the signature, for the same reason.
   */
  public static boolean isSigned(HttpServletRequest request) {
    return request.getParameter(SIGNATURE) != null || request.getParameter(EXPIRES) != null;
  }

  /** The query without the signed-URL parameters: what the image is. */
  public static Map<String, String> imageQuery(Map<String, String> query) {
    Map<String, String> image = new TreeMap<>(query);
    image.remove(EXPIRES);
    image.remove(SIGNATURE);
    return image;
  }

  private static String message(String path, String query, long expires) {
    return PURPOSE + "\nGET\n" + path + "\n" + query + "\n" + expires;
  }

  private static String queryString(Map<String, String> canonical) {
    return new TreeMap<>(canonical)
        .entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
