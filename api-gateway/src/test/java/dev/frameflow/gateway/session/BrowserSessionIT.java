package dev.frameflow.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.WebFeatureTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web page's session: an HttpOnly, Secure, SameSite=Strict refresh cookie that rotates on every
 * use, a replayed one ends the session, sign-out revokes, and cookie requests from another origin
 * are refused.
 */
class BrowserSessionIT extends WebFeatureTest {

  private static final String PASSWORD = "correct horse battery";

  @Test
  void signInSetsAStrictHttpOnlySecureCookieAndReturnsAWorkingAccessToken() {
    String email = newUser();
    HttpResponse<String> signedIn = signIn(email, PASSWORD, origin());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
    String cookie = setCookie(signedIn);
    assertThat(cookie)
        .startsWith("frameflow_session=")
        .contains("HttpOnly")
        .contains("Secure")
        .contains("SameSite=Strict")
        .contains("Path=/api/session")
        .contains("Max-Age=1209600");
    assertThat(signedIn.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(body(signedIn).get("user").get("email").asString()).isEqualTo(email);
    assertThat(body(signedIn).get("expiresIn").asLong()).isBetween(800L, 900L);
    // the refresh token is only in the cookie, never in the body
    assertThat(signedIn.body()).doesNotContain(cookieValue(cookie));

    String accessToken = body(signedIn).get("accessToken").asString();
    assertThat(get("/api/videos", accessToken).statusCode()).isEqualTo(200);
    // the cookie alone authenticates nothing but the session endpoints
    HttpResponse<String> withCookieOnly =
        send(
            HttpRequest.newBuilder(url("/api/videos"))
                .header("Cookie", "frameflow_session=" + cookieValue(cookie))
                .build());
    assertThat(withCookieOnly.statusCode()).isEqualTo(401);
  }

  @Test
  void eachRefreshRotatesTheCookieAndAReplayedOneEndsTheSession() {
    String email = newUser();
    String first = cookieValue(setCookie(signIn(email, PASSWORD, origin())));

    HttpResponse<String> refreshed = refresh(first, origin());
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String second = cookieValue(setCookie(refreshed));
    assertThat(second).isNotEqualTo(first).isNotBlank();
    assertThat(get("/api/videos", body(refreshed).get("accessToken").asString()).statusCode())
        .isEqualTo(200);

    // someone replays the first cookie: refused, and the whole session is revoked
    HttpResponse<String> replay = refresh(first, origin());
    assertProblem(replay, 401);
    assertThat(setCookie(replay)).contains("Max-Age=0");
    assertProblem(refresh(second, origin()), 401);
  }

  @Test
  void signOutRevokesTheSession() {
    String cookie = cookieValue(setCookie(signIn(newUser(), PASSWORD, origin())));

    HttpResponse<String> signedOut =
        send(
            HttpRequest.newBuilder(url("/api/session"))
                .header("Cookie", "frameflow_session=" + cookie)
                .header("Origin", origin())
                .DELETE()
                .build());
    assertThat(signedOut.statusCode()).isEqualTo(204);
    assertThat(setCookie(signedOut)).contains("Max-Age=0");
    assertProblem(refresh(cookie, origin()), 401);
  }

  @Test
  void cookieRequestsFromAnotherOriginOrWithoutOneAreRefused() {
    String email = newUser();
    assertProblem(signIn(email, PASSWORD, "https://evil.example"), 403);
    assertProblem(signIn(email, PASSWORD, null), 403);

    String cookie = cookieValue(setCookie(signIn(email, PASSWORD, origin())));
    assertProblem(refresh(cookie, "https://evil.example"), 403);
    assertProblem(refresh(cookie, null), 403);
    // the refused attempts did not spend the token
    assertThat(refresh(cookie, origin()).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongCredentialsAnswerTheLoginProblemAndSetNoCookie() {
    HttpResponse<String> wrong = signIn(newUser(), "not the password at all", origin());
    assertProblem(wrong, 401);
    assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
    assertProblem(refresh("made-up", origin()), 401);
  }

  private String origin() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> signIn(String email, String password, String origin) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url("/api/session"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return send(request.build());
  }

  private HttpResponse<String> refresh(String cookie, String origin) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url("/api/session/refresh"))
            .header("Cookie", "frameflow_session=" + cookie)
            .POST(HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      request.header("Origin", origin);
    }
    return send(request.build());
  }

  /** The session cookie set (a sign-in also sets the known-client proof's cookie, not this one). */
  private static String setCookie(HttpResponse<String> response) {
    List<String> cookies =
        response.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> !cookie.startsWith("frameflow_known_client="))
            .toList();
    assertThat(cookies).as(response.body()).hasSize(1);
    return cookies.get(0);
  }

  private static String cookieValue(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }
}
