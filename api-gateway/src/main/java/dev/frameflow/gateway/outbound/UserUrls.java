package dev.frameflow.gateway.outbound;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.net.URI;
import java.net.URISyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A URL a user gave (an import, a webhook endpoint): read, then checked by the {@link
 * DestinationGuard}, each refusal a problem answer that says what is wrong without naming what the
 * gateway resolved (the log has that).
 */
public final class UserUrls {

  private static final Logger log = LoggerFactory.getLogger(UserUrls.class);
  private static final int MAX_LENGTH = 2048;

  private UserUrls() {}

  /** The URL as given: 400 when it is missing, too long or not a URL. */
  public static URI parse(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
      throw ApiProblem.badRequest("url is required (at most " + MAX_LENGTH + " characters)");
    }
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      throw ApiProblem.badRequest("url is not a valid URL");
    }
  }

  /** {@code url} if the guard lets it through, else 400 {@code url-refused}. */
  public static URI checked(DestinationGuard guard, URI url) {
    try {
      guard.checkUrl(url);
      return url;
    } catch (BlockedDestinationException e) {
      throw refused(e.getMessage(), e.publicReason());
    }
  }

  /** The problem answer for a destination refused while connecting (a redirect's host). */
  public static ApiProblem refused(GuardedHttpClients.BlockedHostException e) {
    return refused(e.getMessage(), e.publicReason());
  }

  private static ApiProblem refused(String reason, String publicReason) {
    log.info("outbound URL refused: {}", reason);
    return ApiProblem.of(ProblemType.URL_REFUSED, "url is refused: " + publicReason);
  }
}
