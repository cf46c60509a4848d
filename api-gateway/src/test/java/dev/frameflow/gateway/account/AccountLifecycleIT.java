package dev.frameflow.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.auth.TokenService;
import dev.frameflow.gateway.storage.StorageProperties;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.gateway.video.VideoService;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Sign out everywhere, a password change and an account deletion end every credential of the
 * account (access tokens, refresh tokens, browser sessions, API keys); a deleted account leaves no
 * row, no stored object and no credential behind. Against the real PostgreSQL and S3 stand-in.
 */
class AccountLifecycleIT extends GatewayIntegrationTest {

  private static final String PASSWORD = "correct horse battery";

  @Autowired JdbcClient jdbc;
  @Autowired TokenService tokens;
  @Autowired StorageProperties storage;

  private JsonNode signIn(String email, String password) {
    HttpResponse<String> response =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
            "X-Forwarded-For",
            "10.50.0." + (int) (Math.random() * 250));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response);
  }

  private HttpResponse<String> refresh(String refreshToken) {
    return postJson("/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
  }

  private HttpResponse<String> sessionSignIn(String email) {
    return send(
        HttpRequest.newBuilder(url("/api/session"))
            .header("Content-Type", "application/json")
            .header("Origin", origin())
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
            .build());
  }

  private HttpResponse<String> sessionRefresh(String cookie) {
    return send(
        HttpRequest.newBuilder(url("/api/session/refresh"))
            .header("Cookie", cookie)
            .header("Origin", origin())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private String origin() {
    return "http://127.0.0.1:" + port;
  }

  private static String cookie(HttpResponse<String> response) {
    return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  private String apiKey(String token) {
    HttpResponse<String> created =
        postJson(
            "/api/keys",
            "{\"name\":\"ci\",\"scope\":\"upload\"}",
            "Authorization",
            "Bearer " + token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return body(created).get("secret").asString();
  }

  private HttpResponse<String> authorizedJson(
      String method, String path, String token, String json) {
    return send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  @Test
  void signingOutEverywhereEndsEveryAccessTokenRefreshTokenSessionAndApiKey() {
    String email = newUser();
    JsonNode here = signIn(email, PASSWORD);
    JsonNode there = signIn(email, PASSWORD);
    String key = apiKey(here.get("accessToken").asString());
    HttpResponse<String> page = sessionSignIn(email);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String pageToken = body(page).get("accessToken").asString();
    for (String credential : List.of(there.get("accessToken").asString(), key, pageToken)) {
      assertThat(get("/api/videos", credential).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> out =
        authorizedJson(
            "POST", "/api/account/sign-out-everywhere", here.get("accessToken").asString(), "{}");
    assertThat(out.statusCode()).as(out.body()).isEqualTo(204);

    for (String credential :
        List.of(
            here.get("accessToken").asString(),
            there.get("accessToken").asString(),
            key,
            pageToken)) {
      assertThat(get("/api/videos", credential).statusCode()).isEqualTo(401);
    }
    assertThat(refresh(here.get("refreshToken").asString()).statusCode()).isEqualTo(401);
    assertThat(refresh(there.get("refreshToken").asString()).statusCode()).isEqualTo(401);
    assertThat(sessionRefresh(cookie(page)).statusCode()).isEqualTo(401);
    // a new sign-in works at once
    String again = signIn(email, PASSWORD).get("accessToken").asString();
    assertThat(get("/api/videos", again).statusCode()).isEqualTo(200);
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsEverySignIn() {
    String email = newUser();
    JsonNode signedIn = signIn(email, PASSWORD);
    String token = signedIn.get("accessToken").asString();

    HttpResponse<String> wrong =
        authorizedJson(
            "POST",
            "/api/account/password",
            token,
            "{\"currentPassword\":\"not the password\",\"newPassword\":\"a brand new secret\"}");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(body(wrong).get("code").asString()).isEqualTo("wrong-password");
    HttpResponse<String> weak =
        authorizedJson(
            "POST",
            "/api/account/password",
            token,
            "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}");
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(body(weak).get("code").asString()).isEqualTo("weak-password");
    assertThat(get("/api/videos", token).statusCode()).as("nothing changed yet").isEqualTo(200);

    HttpResponse<String> changed =
        authorizedJson(
            "POST",
            "/api/account/password",
            token,
            "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"a brand new secret\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    assertThat(get("/api/videos", token).statusCode()).isEqualTo(401);
    assertThat(refresh(signedIn.get("refreshToken").asString()).statusCode()).isEqualTo(401);
    HttpResponse<String> oldPassword =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}",
            "X-Forwarded-For",
            "10.51.0.1");
    assertThat(oldPassword.statusCode()).isEqualTo(401);
    assertThat(signIn(email, "a brand new secret").get("accessToken").asString()).isNotBlank();
  }

  @Test
  void aTokenOfAnAccountThatNoLongerExistsIsRefused() {
    // signed with our key, every claim right, but for nobody
    String orphan = tokens.issue(UUID.randomUUID()).value();
    assertThat(get("/api/videos", orphan).statusCode()).isEqualTo(401);
  }

  @Test
  void aDeletedAccountLeavesNoVideoObjectWebhookKeyOrWorkingCredential() {
    String email = newUser();
    JsonNode signedIn = signIn(email, PASSWORD);
    String token = signedIn.get("accessToken").asString();
    UUID userId =
        jdbc.sql("select id from app_user where email = ?").param(email).query(UUID.class).single();
    UUID queued = uploadVideo(token);
    UUID finished = uploadVideo(token);
    S3Client s3 = TestServers.get().s3Client();
    // a result as the extractor writes it
    s3.putObject(
        b -> b.bucket(storage.resultBucket()).key(VideoService.outputKey(finished)),
        RequestBody.fromString("PK zip"));
    jdbc.sql("update video set status = 'SUCCEEDED' where id = ?").param(finished).update();
    String key = apiKey(token);
    HttpResponse<String> hook =
        postJson(
            "/api/webhooks",
            "{\"url\":\"http://127.0.0.1:9/hook\"}",
            "Authorization",
            "Bearer " + token);
    assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
    assertThat(objectsOf(queued)).isNotEmpty();
    purgeProbe();

    HttpResponse<String> refused =
        authorizedJson("DELETE", "/api/account", token, "{\"password\":\"not the password\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(body(refused).get("code").asString()).isEqualTo("wrong-password");
    HttpResponse<String> deleted =
        authorizedJson("DELETE", "/api/account", token, "{\"password\":\"" + PASSWORD + "\"}");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

    for (UUID video : List.of(queued, finished)) {
      assertThat(objectsOf(video)).as("objects of %s", video).isEmpty();
    }
    for (String table :
        List.of(
            "app_user where id = ?",
            "video where owner_id = ?",
            "webhook_endpoint where owner_id = ?",
            "api_key where user_id = ?",
            "refresh_token where user_id = ?",
            "notification where user_id = ?")) {
      assertThat(jdbc.sql("select count(*) from " + table).param(userId).query(Long.class).single())
          .as(table)
          .isZero();
    }
    // the operator is told to stop the unfinished one
    assertThat(takeFromProbeFor(queued, 2, Duration.ofSeconds(10)))
        .anyMatch(event -> event.toString().contains("cancel"));
    // a job that was still running writes its ZIP and reports success: the ZIP goes too
    s3.putObject(
        b -> b.bucket(storage.resultBucket()).key(VideoService.outputKey(queued)),
        RequestBody.fromString("PK late zip"));
    publishStatus(
        "{\"eventId\": \""
            + UUID.randomUUID()
            + "\", \"type\": \"video.status\", \"videoId\": \""
            + queued
            + "\", \"occurredAt\": \""
            + java.time.Instant.now()
            + "\", \"status\": \"SUCCEEDED\", \"attempts\": 1, \"frames\": 1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> objectsOf(queued).isEmpty());
    assertThat(get("/api/videos", token).statusCode()).isEqualTo(401);
    assertThat(get("/api/videos", key).statusCode()).isEqualTo(401);
    assertThat(refresh(signedIn.get("refreshToken").asString()).statusCode()).isEqualTo(401);
    // the address is free again, for a new and empty account
    assertThat(
            postJson(
                    "/api/auth/register",
                    "{\"email\":\""
                        + email
                        + "\",\"password\":\""
                        + PASSWORD
                        + "\",\"name\":\"A\"}")
                .statusCode())
        .isEqualTo(202);
    String fresh = signIn(email, PASSWORD).get("accessToken").asString();
    assertThat(body(get("/api/videos", fresh)).get("items").size()).isZero();
  }

  private List<String> objectsOf(UUID videoId) {
    S3Client s3 = TestServers.get().s3Client();
    List<String> keys = new java.util.ArrayList<>();
    for (String bucket : List.of(storage.uploadBucket(), storage.resultBucket())) {
      s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
          .map(o -> o.key())
          .filter(k -> k.contains(videoId.toString()))
          .forEach(k -> keys.add(bucket + "/" + k));
    }
    return keys;
  }
}
