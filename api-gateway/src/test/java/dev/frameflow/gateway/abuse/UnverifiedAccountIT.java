package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.housekeeping.UnverifiedAccountPurge;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.testing.TestVideos;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An account whose address is not confirmed signs in and reads, but neither uploads nor creates
 * credentials; the real owner of an address takes it back from an unconfirmed squatter by
 * registering and confirming; unconfirmed accounts are deleted after their time.
 */
class UnverifiedAccountIT extends LimitedGatewayTest {

  private static final String VERIFY = "/api/auth/verify?token=";

  @Autowired JdbcClient jdbc;
  @Autowired UnverifiedAccountPurge purge;

  private String loginAs(String email, String password) {
    HttpResponse<String> response = attemptLogin(email, password);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response).get("accessToken").asString();
  }

  private HttpResponse<String> attemptLogin(String email, String password) {
    return postJson(
        "/api/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        "X-Forwarded-For",
        "10.60." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
  }

  private HttpResponse<String> registerAs(String email, String password, String from) {
    return postJson(
        "/api/auth/register",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Someone\"}",
        "X-Forwarded-For",
        from);
  }

  private static void assertNotVerified(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
    assertThat(response.body()).as(what).contains("\"code\":\"email-not-verified\"");
  }

  @Test
  void anUnverifiedAccountSignsInAndReadsButNeitherUploadsNorCreatesCredentials() {
    String email = register("unverified-" + UUID.randomUUID() + "@example.org", "Una");
    String token = login(email);
    HttpResponse<String> account = get("/api/account", token);
    assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
    assertThat(body(account).get("emailVerified").asBoolean()).isFalse();
    assertThat(get("/api/videos", token).statusCode()).isEqualTo(200);

    Multipart clip = new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4"));
    assertNotVerified(upload(token, clip), "upload");
    assertNotVerified(
        postJson(
            "/api/videos/import",
            "{\"url\":\"http://127.0.0.1:9/v.mp4\"}",
            "Authorization",
            "Bearer " + token),
        "import");
    assertNotVerified(
        postJson(
            "/api/uploads",
            "",
            "Authorization",
            "Bearer " + token,
            "Tus-Resumable",
            "1.0.0",
            "Upload-Length",
            "10"),
        "resumable upload");
    assertNotVerified(
        postJson(
            "/api/keys",
            "{\"name\":\"ci\",\"scope\":\"upload\"}",
            "Authorization",
            "Bearer " + token),
        "API key");
    assertNotVerified(
        postJson(
            "/api/webhooks",
            "{\"url\":\"http://127.0.0.1:9/hook\"}",
            "Authorization",
            "Bearer " + token),
        "webhook");

    // once the link is opened, the same token may
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(email).size() == 1);
    assertThat(get(VERIFY + MailsTo.token(email, 0, VERIFY), null).statusCode()).isEqualTo(200);
    assertThat(upload(token, clip).statusCode()).isEqualTo(202);
    assertThat(
            postJson(
                    "/api/keys",
                    "{\"name\":\"ci\",\"scope\":\"upload\"}",
                    "Authorization",
                    "Bearer " + token)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void theOwnerOfAnAddressTakesItBackFromAnUnverifiedSquatter() {
    String victim = "victim-" + UUID.randomUUID() + "@example.org";
    assertThat(registerAs(victim, "squatter password one", "10.61.0.1").statusCode())
        .isEqualTo(202);
    String squatter = loginAs(victim, "squatter password one");
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(victim).size() == 1);

    // the owner registers: the same answer as for a new address, and a link in the owner's mail
    HttpResponse<String> owners = registerAs(victim, "the owners own password", "10.61.0.2");
    HttpResponse<String> fresh =
        registerAs(
            "fresh-" + UUID.randomUUID() + "@example.org", "the owners own password", "10.61.0.3");
    assertThat(owners.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(202);
    assertThat(owners.body()).isEqualTo(fresh.body());
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(victim).size() == 2);
    // until the link is opened the account in place is untouched
    assertThat(get("/api/account", squatter).statusCode()).isEqualTo(200);

    assertThat(get(VERIFY + MailsTo.token(victim, 1, VERIFY), null).statusCode()).isEqualTo(200);

    assertThat(get("/api/account", squatter).statusCode()).isEqualTo(401);
    assertThat(attemptLogin(victim, "squatter password one").statusCode()).isEqualTo(401);
    String owner = loginAs(victim, "the owners own password");
    HttpResponse<String> account = get("/api/account", owner);
    assertThat(body(account).get("emailVerified").asBoolean()).isTrue();
    // the squatter's own link confirms nothing any more
    assertThat(get(VERIFY + MailsTo.token(victim, 0, VERIFY), null).statusCode()).isEqualTo(400);
    // and a confirmed address is not taken over: a registration of it changes nothing
    assertThat(registerAs(victim, "squatter password two", "10.61.0.4").statusCode())
        .isEqualTo(202);
    assertThat(attemptLogin(victim, "squatter password two").statusCode()).isEqualTo(401);
    assertThat(loginAs(victim, "the owners own password")).isNotBlank();
  }

  @Test
  void registeringAnUnconfirmedAddressOverAndOverMailsItAtMostThreeTimes() {
    String address = "flooded-" + UUID.randomUUID() + "@example.org";
    assertThat(registerAs(address, "squatter password one", "10.62.0.1").statusCode())
        .isEqualTo(202);
    for (int i = 0; i < 6; i++) {
      assertThat(registerAs(address, "another password " + i, "10.62.1." + i).statusCode())
          .isEqualTo(202);
    }
    // the first registration's confirmation, then three takeover mails
    await().atMost(Duration.ofSeconds(10)).until(() -> MailsTo.address(address).size() >= 4);
    sleep(500);
    assertThat(MailsTo.address(address)).hasSize(4);
  }

  @Test
  void unverifiedAccountsAreDeletedAfterTheirTimeAndOthersKept() {
    String stale = register("stale-" + UUID.randomUUID() + "@example.org", "S");
    String recent = register("recent-" + UUID.randomUUID() + "@example.org", "R");
    String confirmedLongAgo = newUser();
    backdate(stale, Duration.ofDays(8));
    backdate(recent, Duration.ofDays(6));
    backdate(confirmedLongAgo, Duration.ofDays(30));

    assertThat(purge.purge()).isPositive();

    assertThat(exists(stale)).isFalse();
    assertThat(exists(recent)).isTrue();
    assertThat(exists(confirmedLongAgo)).isTrue();
  }

  private void backdate(String email, Duration age) {
    jdbc.sql("update app_user set created_at = now() - ? * interval '1 second' where email = ?")
        .params(age.toSeconds(), email)
        .update();
  }

  private boolean exists(String email) {
    return jdbc.sql("select count(*) from app_user where email = ?")
            .param(email)
            .query(Long.class)
            .single()
        == 1;
  }
}
