package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A forgotten password is reset by a mailed link: the request tells nothing about the address, the
 * link works once and expires, only its hash is stored, and the new password ends every sign-in.
 */
class PasswordResetIT extends LimitedGatewayTest {

  private static final String RESET = "password-reset=";

  @Autowired JdbcClient jdbc;

  private HttpResponse<String> requestReset(String email, String from) {
    return postJson(
        "/api/auth/password-reset", "{\"email\":\"" + email + "\"}", "X-Forwarded-For", from);
  }

  private HttpResponse<String> confirm(String token, String password) {
    return postJson(
        "/api/auth/password-reset/confirm",
        "{\"token\":\"" + token + "\",\"password\":\"" + password + "\"}");
  }

  private HttpResponse<String> attemptLogin(String email, String password) {
    return postJson(
        "/api/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        "X-Forwarded-For",
        "10.70." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
  }

  @Test
  void theAnswerIsTheSameForAnyAddressAndMailGoesOnlyToAnAccountAtMostThreeTimesAnHour() {
    String known = newUser();
    String unknown = "nobody-" + UUID.randomUUID() + "@example.org";
    HttpResponse<String> forKnown = requestReset(known, "10.71.0.1");
    HttpResponse<String> forUnknown = requestReset(unknown, "10.71.0.2");
    assertThat(forKnown.statusCode()).isEqualTo(forUnknown.statusCode()).isEqualTo(202);
    assertThat(forKnown.body()).isEqualTo(forUnknown.body());
    for (int i = 0; i < 4; i++) {
      assertThat(requestReset(known, "10.71.1." + i).statusCode()).isEqualTo(202);
    }
    // the registration's verification mail, then three reset mails: the other requests send none
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(known).size() >= 4);
    sleep(500);
    assertThat(MailsTo.address(known)).hasSize(4);
    assertThat(MailsTo.address(unknown)).isEmpty();
  }

  @Test
  void aResetLinkSetsTheNewPasswordOnceConfirmsTheAddressAndEndsEverySignIn() {
    String email = register("forgetful-" + UUID.randomUUID() + "@example.org", "F");
    HttpResponse<String> signedIn = attemptLogin(email, "correct horse battery");
    assertThat(signedIn.statusCode()).isEqualTo(200);
    JsonNode tokens = body(signedIn);
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(email).size() == 1);

    assertThat(requestReset(email, "10.72.0.1").statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(email).size() == 2);
    String token = MailsTo.token(email, 1, RESET);
    assertThat(
            jdbc.sql("select count(*) from password_reset where token_hash = ?")
                .param(token)
                .query(Long.class)
                .single())
        .as("only the hash is stored")
        .isZero();

    HttpResponse<String> weak = confirm(token, "short");
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(body(weak).get("code").asString()).isEqualTo("weak-password");
    assertThat(confirm(token, "a fresh memorable secret").statusCode()).isEqualTo(204);
    HttpResponse<String> again = confirm(token, "another fresh secret");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(body(again).get("code").asString()).isEqualTo("invalid-reset-token");

    assertThat(get("/api/videos", tokens.get("accessToken").asString()).statusCode())
        .isEqualTo(401);
    assertThat(
            postJson(
                    "/api/auth/refresh",
                    "{\"refreshToken\":\"" + tokens.get("refreshToken").asString() + "\"}")
                .statusCode())
        .isEqualTo(401);
    assertThat(attemptLogin(email, "correct horse battery").statusCode()).isEqualTo(401);
    HttpResponse<String> renewed = attemptLogin(email, "a fresh memorable secret");
    assertThat(renewed.statusCode()).isEqualTo(200);
    String access = body(renewed).get("accessToken").asString();
    assertThat(body(get("/api/account", access)).get("emailVerified").asBoolean())
        .as("the link proved the mailbox is read")
        .isTrue();
  }

  @Test
  void anExpiredLinkIsRefused() {
    String email = newUser();
    assertThat(requestReset(email, "10.73.0.1").statusCode()).isEqualTo(202);
    // after the registration's verification mail
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(email).size() == 2);
    String token = MailsTo.token(email, 1, RESET);
    jdbc.sql(
            "update password_reset set expires_at = now() - interval '1 second' where user_id ="
                + " (select id from app_user where email = ?)")
        .param(email)
        .update();
    HttpResponse<String> expired = confirm(token, "a fresh memorable secret");
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(body(expired).get("code").asString()).isEqualTo("invalid-reset-token");
    assertThat(attemptLogin(email, "correct horse battery").statusCode()).isEqualTo(200);
  }
}
