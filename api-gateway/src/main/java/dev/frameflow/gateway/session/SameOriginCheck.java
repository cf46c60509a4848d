package dev.frameflow.gateway.session;

import dev.frameflow.gateway.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * CSRF defence for the requests a browser authenticates with the session cookie (sign-in, refresh,
 * sign-out). The cookie is {@code SameSite=Strict}, so a cross-site request does not carry it; on
 * top of that, such a request must come with an {@code Origin} header naming the gateway itself (or
 * an allowed origin). Browsers always send {@code Origin} on a {@code fetch} POST or DELETE; a
 * request without one is refused, since no page of ours sends it.
 */
@Component
class SameOriginCheck {

  private final SessionProperties properties;

  SameOriginCheck(SessionProperties properties) {
    this.properties = properties;
  }

  void require(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null || origin.isBlank() || "null".equals(origin)) {
      throw forbidden("the request has no Origin header");
    }
    String normalised = origin.strip().toLowerCase(Locale.ROOT);
    if (normalised.equals(ownOrigin(request))
        || properties.allowedOrigins().stream()
            .anyMatch(allowed -> allowed.strip().toLowerCase(Locale.ROOT).equals(normalised))) {
      return;
    }
    throw forbidden("cross-site request refused");
  }

  /** scheme://host[:port] as the request reached us (forwarded headers already applied). */
  static String ownOrigin(HttpServletRequest request) {
    String scheme = request.getScheme().toLowerCase(Locale.ROOT);
    int port = request.getServerPort();
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme
        + "://"
        + request.getServerName().toLowerCase(Locale.ROOT)
        + (defaultPort || port <= 0 ? "" : ":" + port);
  }

  private static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail);
  }
}
