package dev.frameflow.gateway.session;

import dev.frameflow.gateway.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web page's session. The refresh token lives only in an {@code HttpOnly}, {@code Secure},
 * {@code SameSite=Strict} cookie scoped to {@code /api/session}; the short-lived access token is
 * returned in the body and kept in the page's memory only (never in storage), and sent as {@code
 * Authorization: Bearer} like any program does. Programs keep using {@code /api/auth/login}.
 */
@RestController
@Tag(name = "browser session", description = "cookie-based sessions for the web page")
public class SessionController {

  static final String PATH = "/api/session";

  /**
   * The page's known-client proof (see {@code KnownClients}): HttpOnly, SameSite=Strict, Secure
   * like the session cookie, sent only to the sign-in path, and kept after a sign-out (it is a
   * proof of a past login, not a credential).
   */
  static final String KNOWN_CLIENT_COOKIE = "frameflow_known_client";

  private final BrowserSessions sessions;
  private final SameOriginCheck sameOrigin;
  private final SessionProperties properties;

  public SessionController(
      BrowserSessions sessions, SameOriginCheck sameOrigin, SessionProperties properties) {
    this.sessions = sessions;
    this.sameOrigin = sameOrigin;
    this.properties = properties;
  }

  public record SignInRequest(
      @NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {}

  public record SessionUser(UUID id, String email, String name) {}

  public record SessionResponse(
      String accessToken, String tokenType, long expiresIn, SessionUser user) {}

  @Operation(
      summary = "Sign in the web page",
      description =
          "Sets the session cookie and returns a short-lived access token. Needs an Origin header"
              + " naming this site.")
  @PostMapping(PATH)
  public ResponseEntity<SessionResponse> signIn(
      @Valid @RequestBody SignInRequest body,
      @CookieValue(name = KNOWN_CLIENT_COOKIE, required = false) String knownClient,
      HttpServletRequest request) {
    sameOrigin.require(request);
    return granted(
        sessions.signIn(body.email(), body.password(), request.getRemoteAddr(), knownClient));
  }

  @Operation(
      summary = "Refresh the web page's access token",
      description =
          "Spends the session cookie's refresh token and sets the next one (rotation); a spent"
              + " token presented again ends the session. 401 and a cleared cookie when there is"
              + " no valid session.")
  @PostMapping(PATH + "/refresh")
  public ResponseEntity<SessionResponse> refresh(
      @CookieValue(name = "${frameflow.session.cookie-name:frameflow_session}", required = false)
          String token,
      HttpServletRequest request,
      HttpServletResponse response) {
    sameOrigin.require(request);
    try {
      return granted(sessions.refresh(token));
    } catch (ApiProblem noSession) {
      // the error response keeps this header: the browser drops a cookie that is of no use
      response.addHeader(HttpHeaders.SET_COOKIE, clearedCookie().toString());
      throw noSession;
    }
  }

  @Operation(summary = "Sign out the web page: revokes the session and clears the cookie")
  @DeleteMapping(PATH)
  public ResponseEntity<Void> signOut(
      @CookieValue(name = "${frameflow.session.cookie-name:frameflow_session}", required = false)
          String token,
      HttpServletRequest request) {
    sameOrigin.require(request);
    sessions.signOut(token);
    return ResponseEntity.noContent()
        .header(HttpHeaders.SET_COOKIE, clearedCookie().toString())
        .build();
  }

  private ResponseEntity<SessionResponse> granted(BrowserSessions.Granted granted) {
    long expiresIn =
        Math.max(
            0, granted.accessToken().expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .header(
                HttpHeaders.SET_COOKIE,
                cookie(granted.refreshToken(), granted.refreshTtl()).toString());
    granted
        .knownClient()
        .ifPresent(
            proof ->
                answer.header(
                    HttpHeaders.SET_COOKIE,
                    cookie(
                            KNOWN_CLIENT_COOKIE,
                            proof.value(),
                            Duration.between(Instant.now(), proof.expiresAt()))
                        .toString()));
    return answer.body(
        new SessionResponse(
            granted.accessToken().value(),
            "Bearer",
            expiresIn,
            new SessionUser(granted.user().id(), granted.user().email(), granted.user().name())));
  }

  private ResponseCookie cookie(String value, Duration maxAge) {
    return cookie(properties.cookieName(), value, maxAge);
  }

  private ResponseCookie cookie(String name, String value, Duration maxAge) {
    return ResponseCookie.from(name, value)
        .httpOnly(true)
        .secure(properties.secureCookie())
        .sameSite("Strict")
        .path(PATH)
        .maxAge(maxAge)
        .build();
  }

  ResponseCookie clearedCookie() {
    return cookie("", Duration.ZERO);
  }
}
