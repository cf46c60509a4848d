package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.frameflow.gateway.notify.NotificationSender;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nothing tells whether an address has an account; registrations per address are limited; mail
 * carrying user-chosen text waits until the address is confirmed.
 */
class AccountExposureIT extends LimitedGatewayTest {

  private static final Pattern LINK = Pattern.compile("/api/auth/verify\\?token=([A-Za-z0-9_-]+)");

  @Autowired JdbcClient jdbc;
  @Autowired NotificationSender notificationSender;

  @Test
  void noResponseTellsWhetherAnAddressIsRegistered() {
    String taken = newUser();
    String free = "free-" + UUID.randomUUID() + "@example.org";
    String body = "\",\"password\":\"another battery staple\",\"name\":\"Eve\"}";
    HttpResponse<String> again =
        postJson(
            "/api/auth/register", "{\"email\":\"" + taken + body, "X-Forwarded-For", "10.31.0.1");
    HttpResponse<String> fresh =
        postJson(
            "/api/auth/register", "{\"email\":\"" + free + body, "X-Forwarded-For", "10.31.0.2");
    assertThat(again.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(fresh.body());

    String wrongLogin = "\",\"password\":\"not the password\"}";
    HttpResponse<String> known =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + taken + wrongLogin,
            "X-Forwarded-For",
            "10.31.0.3");
    HttpResponse<String> unknown =
        postJson(
            "/api/auth/login",
            "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.org" + wrongLogin,
            "X-Forwarded-For",
            "10.31.0.4");
    assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(401);
    assertThat(body(known).get("detail")).isEqualTo(body(unknown).get("detail"));
    assertThat(body(known).get("code")).isEqualTo(body(unknown).get("code"));
    // the existing account kept its password
    assertThat(login(taken)).isNotBlank();
  }

  @Test
  void registrationsPerAddressAreLimited() {
    String address = "10.32." + (int) (Math.random() * 250) + ".9";
    for (int i = 0; i < 3; i++) {
      assertThat(
              postJson(
                      "/api/auth/register",
                      "{\"email\":\"r"
                          + i
                          + "-"
                          + UUID.randomUUID()
                          + "@example.org\",\"password\":\"correct horse battery\",\"name\":\"R\"}",
                      "X-Forwarded-For",
                      address)
                  .statusCode())
          .isEqualTo(202);
    }
    HttpResponse<String> throttled =
        postJson(
            "/api/auth/register",
            "{\"email\":\"r-"
                + UUID.randomUUID()
                + "@example.org\",\"password\":\"correct horse battery\",\"name\":\"R\"}",
            "X-Forwarded-For",
            address);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(body(throttled).get("code").asString()).isEqualTo("registration-throttled");
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void notificationsWaitUntilTheAddressIsConfirmed() throws Exception {
    String email =
        register("verify-" + UUID.randomUUID() + "@example.org", "<b>Click evil.example</b>");
    // the verification mail carries our words and a link, never the name the user typed
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(email).size() == 1);
    String verification = GreenMailUtil.getBody(MailsTo.address(email).get(0));
    assertThat(verification).doesNotContain("evil.example");
    Matcher link = LINK.matcher(verification);
    assertThat(link.find()).isTrue();

    // a video of the account (uploaded before verification was required), whose notification
    // (with the user's file name) is held
    String token = login(email);
    confirmed(email);
    UUID videoId = uploadVideo(token);
    jdbc.sql("update app_user set email_verified_at = null where email = ?").param(email).update();
    UUID userId =
        jdbc.sql("select id from app_user where email = ?").param(email).query(UUID.class).single();
    UUID held = UUID.randomUUID();
    jdbc.sql(
            "insert into notification (id, user_id, video_id, outcome, recipient, status,"
                + " next_attempt_at, created_at) values (?, ?, ?, 'SUCCEEDED', ?, 'PENDING', ?, ?)")
        .params(
            held,
            userId,
            videoId,
            email,
            Timestamp.from(Instant.now()),
            Timestamp.from(Instant.now()))
        .update();
    notificationSender.sendDue(); // a poll that sees the notification due
    assertThat(
            jdbc.sql("select status || '/' || attempts from notification where id = ?")
                .param(held)
                .query(String.class)
                .single())
        .as("not even tried")
        .isEqualTo("PENDING/0");
    assertThat(MailsTo.address(email)).hasSize(1);

    HttpResponse<String> wrong = get("/api/auth/verify?token=not-a-token", null);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(body(wrong).get("code").asString()).isEqualTo("invalid-verification-token");
    assertThat(get("/api/auth/verify?token=" + link.group(1), null).statusCode()).isEqualTo(200);
    // a link works once
    assertThat(get("/api/auth/verify?token=" + link.group(1), null).statusCode()).isEqualTo(400);

    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(email).size() == 2);
  }
}
