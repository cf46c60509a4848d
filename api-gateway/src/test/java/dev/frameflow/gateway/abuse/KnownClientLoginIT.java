package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.auth.AccountStanding;
import dev.frameflow.gateway.auth.JwtProperties;
import dev.frameflow.gateway.auth.KnownClients;
import dev.frameflow.gateway.auth.LoginThrottleProperties;
import dev.frameflow.gateway.auth.SigningKeys;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Guessers who use up an account's budget for unknown clients from many addresses do not lock its
 * owner out of a client that signed in before: that client's proof has a budget of its own. Only a
 * valid proof of the same account and of its current credentials counts.
 */
class KnownClientLoginIT extends GatewayIntegrationTest {

  private static final String PASSWORD = "correct horse battery";

  @Autowired SigningKeys keys;
  @Autowired JwtProperties jwt;
  @Autowired LoginThrottleProperties login;
  @Autowired AccountStanding standing;
  @Autowired JdbcClient jdbc;

  private final String net = "10.77." + (int) (Math.random() * 250) + ".";

  @Test
  void theOwnersKnownClientSignsInWhileGuessersHaveExhaustedTheAccountAndNoOtherProofCounts() {
    String owner = newUser();
    JsonNode earlier = login(owner, PASSWORD, net + "1", null);
    String proof = earlier.get("knownClient").asString();
    assertThat(earlier.get("knownClientExpiresIn").asLong())
        .isEqualTo(Duration.ofDays(90).toSeconds());
    String otherAccountsProof =
        login(newUser(), PASSWORD, net + "2", null).get("knownClient").asString();

    exhaustTheUnknownClientsBudget(owner);

    // the owner's client, even from a new address, signs in
    HttpResponse<String> known = attempt(owner, PASSWORD, net + "200", proof);
    assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
    // a client without a proof, with the right password, waits like the guessers
    assertThrottled(attempt(owner, PASSWORD, net + "201", null));
    // so does one with a proof that is not a valid one of this account
    assertThrottled(attempt(owner, PASSWORD, net + "202", otherAccountsProof));
    assertThrottled(attempt(owner, PASSWORD, net + "203", forgedFor(owner, otherAccountsProof)));
    assertThrottled(attempt(owner, PASSWORD, net + "204", expiredFor(owner)));
    assertThrottled(
        attempt(owner, PASSWORD, net + "205", body(known).get("accessToken").asString()));
    assertThrottled(attempt(owner, PASSWORD, net + "206", "not.a.proof"));
    // the proof also never passes for an access token
    assertThat(get("/api/videos", proof).statusCode()).isEqualTo(401);
  }

  @Test
  void aPasswordChangeOrASignOutEverywhereVoidsTheAccountsProofs() {
    String changer = newUser();
    JsonNode signedIn = login(changer, PASSWORD, net + "10", null);
    String proof = signedIn.get("knownClient").asString();
    HttpResponse<String> changed =
        authorized(
            "/api/account/password",
            signedIn.get("accessToken").asString(),
            "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"a brand new secret\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    exhaustTheUnknownClientsBudget(changer);
    assertThrottled(attempt(changer, "a brand new secret", net + "11", proof));

    String leaver = newUser();
    signedIn = login(leaver, PASSWORD, net + "12", null);
    proof = signedIn.get("knownClient").asString();
    HttpResponse<String> out =
        authorized(
            "/api/account/sign-out-everywhere", signedIn.get("accessToken").asString(), "{}");
    assertThat(out.statusCode()).as(out.body()).isEqualTo(204);
    exhaustTheUnknownClientsBudget(leaver);
    assertThrottled(attempt(leaver, PASSWORD, net + "13", proof));
  }

  @Test
  void theWebPagesSignInKeepsItsProofInACookie() {
    String owner = newUser();
    HttpResponse<String> first = pageSignIn(owner, net + "30", null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String setCookie =
        first.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("frameflow_known_client="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    exhaustTheUnknownClientsBudget(owner);

    HttpResponse<String> known = pageSignIn(owner, net + "31", cookie);
    assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
    assertThat(pageSignIn(owner, net + "32", null).statusCode()).isEqualTo(429);
  }

  private HttpResponse<String> pageSignIn(String email, String address, String cookie) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url("/api/session"))
            .header("Content-Type", "application/json")
            .header("Origin", "http://127.0.0.1:" + port)
            .header("X-Forwarded-For", address)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return send(request.build());
  }

  /** Wrong passwords, each from an address of its own, until the account answers 429. */
  private void exhaustTheUnknownClientsBudget(String email) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      statuses.add(attempt(email, "wrong guess " + i, net + (100 + i), null).statusCode());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429, 429, 429);
  }

  private JsonNode login(String email, String password, String address, String proof) {
    HttpResponse<String> response = attempt(email, password, address, proof);
    if (response.statusCode() == 429) {
      return null;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response);
  }

  private HttpResponse<String> attempt(
      String email, String password, String address, String proof) {
    String request = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    return proof == null
        ? postJson("/api/auth/login", request, "X-Forwarded-For", address)
        : postJson(
            "/api/auth/login", request, "X-Forwarded-For", address, KnownClients.HEADER, proof);
  }

  private void assertThrottled(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    assertThat(body(response).get("code").asString()).isEqualTo("login-throttled");
  }

  /** Another account's proof with the owner's id put in: the signature no longer matches. */
  private String forgedFor(String email, String otherAccountsProof) {
    String[] parts = otherAccountsProof.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replaceAll("\"sub\":\"[^\"]+\"", "\"sub\":\"" + idOf(email) + "\"");
    return parts[0]
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  /** A proof signed with our key that expired a day ago. */
  private String expiredFor(String email) {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(91)), ZoneOffset.UTC);
    return new KnownClients(keys, jwt, login, standing, past).issue(idOf(email), 0).value();
  }

  private UUID idOf(String email) {
    return jdbc.sql("select id from app_user where email = ?")
        .param(email)
        .query(UUID.class)
        .single();
  }

  private HttpResponse<String> authorized(String path, String token, String json) {
    return send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }
}
