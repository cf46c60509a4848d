package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.housekeeping.RetentionPurge;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.testing.TestVideos;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Refresh-token rotation, API keys and their scopes, bcrypt under a guessing flood. */
class CredentialsIT extends GatewayIntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired MeterRegistry meters;
  @Autowired RetentionPurge purge;

  private JsonNode signIn(String email) {
    HttpResponse<String> response =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response);
  }

  private HttpResponse<String> refresh(String refreshToken) {
    return postJson("/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
  }

  @Test
  void refreshTokensRotateAndAReusedOneRevokesTheWholeSignIn() {
    JsonNode first = signIn(newUser());
    String r1 = first.get("refreshToken").asString();
    assertThat(first.get("refreshExpiresIn").asLong()).isGreaterThan(86_400);

    HttpResponse<String> rotated = refresh(r1);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String r2 = body(rotated).get("refreshToken").asString();
    String access2 = body(rotated).get("accessToken").asString();
    assertThat(r2).isNotEqualTo(r1);
    assertThat(get("/api/videos", access2).statusCode()).isEqualTo(200);

    // r1 was consumed: showing it again means it leaked; r2 dies with it
    HttpResponse<String> reused = refresh(r1);
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(body(reused).get("code").asString()).isEqualTo("invalid-refresh-token");
    assertThat(refresh(r2).statusCode()).isEqualTo(401);

    // logout ends a sign-in; other sign-ins of the same user live on
    String email = newUser();
    String a = signIn(email).get("refreshToken").asString();
    String b = signIn(email).get("refreshToken").asString();
    assertThat(postJson("/api/auth/logout", "{\"refreshToken\":\"" + a + "\"}").statusCode())
        .isEqualTo(204);
    assertThat(refresh(a).statusCode()).isEqualTo(401);
    assertThat(refresh(b).statusCode()).isEqualTo(200);
    assertThat(refresh("made-up").statusCode()).isEqualTo(401);
    // only hashes are stored
    assertThat(
            jdbc.sql("select count(*) from refresh_token where token_hash = ?")
                .param(b)
                .query(Long.class)
                .single())
        .isZero();
  }

  private HttpResponse<String> createKey(String token, String scope) {
    return postJson(
        "/api/keys",
        "{\"name\":\"ci " + scope + "\",\"scope\":\"" + scope + "\"}",
        "Authorization",
        "Bearer " + token);
  }

  @Test
  void apiKeysAreShownOnceStoredHashedAndLimitedToTheirScope() {
    String token = login(newUser());
    HttpResponse<String> created = createKey(token, "read");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String readKey = body(created).get("secret").asString();
    String readKeyId = body(created).get("key").get("id").asString();
    assertThat(readKey).startsWith("ffk_");
    String uploadKey = body(createKey(token, "upload")).get("secret").asString();

    // listed without the secret; the database holds only its hash
    HttpResponse<String> listed = get("/api/keys", token);
    assertThat(listed.body()).doesNotContain(readKey).contains(readKeyId);
    assertThat(
            jdbc.sql("select count(*) from api_key where secret_hash = ?")
                .param(readKey)
                .query(Long.class)
                .single())
        .isZero();

    Multipart clip = new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4"));
    // read: reads, but neither uploads nor manages keys
    assertThat(get("/api/videos", readKey).statusCode()).isEqualTo(200);
    HttpResponse<String> readUpload = upload(readKey, clip);
    assertThat(readUpload.statusCode()).isEqualTo(403);
    assertThat(body(readUpload).get("code").asString()).isEqualTo("insufficient-scope");
    assertThat(get("/api/keys", readKey).statusCode()).isEqualTo(403);
    // upload: uploads and reads, still no key management
    HttpResponse<String> uploaded = upload(uploadKey, clip);
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
    String videoId = body(uploaded).get("videos").get(0).get("id").asString();
    assertThat(get("/api/videos/" + videoId, readKey).statusCode()).isEqualTo(200);
    assertThat(createKey(uploadKey, "upload").statusCode()).isEqualTo(403);
    // imports and resumable uploads need the upload scope; webhooks are account matters
    assertThat(
            postJson(
                    "/api/videos/import",
                    "{\"url\":\"https://93.184.216.34/v.mp4\"}",
                    "Authorization",
                    "Bearer " + readKey)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            postJson(
                    "/api/uploads", "", "Authorization", "Bearer " + readKey, "Upload-Length", "10")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            postJson(
                    "/api/webhooks",
                    "{\"url\":\"https://93.184.216.34/hook\"}",
                    "Authorization",
                    "Bearer " + uploadKey)
                .statusCode())
        .isEqualTo(403);
    // another user's key cannot see this user's video
    String strangerKey = body(createKey(login(newUser()), "read")).get("secret").asString();
    assertThat(get("/api/videos/" + videoId, strangerKey).statusCode()).isEqualTo(404);

    // revoked: refused like any unknown credential
    assertThat(delete("/api/keys/" + readKeyId, token).statusCode()).isEqualTo(204);
    assertThat(get("/api/videos", readKey).statusCode()).isEqualTo(401);
    assertThat(get("/api/videos", "ffk_" + "A".repeat(43)).statusCode()).isEqualTo(401);
  }

  @Test
  void twoHundredParallelWrongPasswordsReachBcryptAtMostFiveTimes() {
    String email = newUser();
    double before = meters.counter("frameflow.auth.password.hashes").count();
    List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(64);
    for (int i = 0; i < 200; i++) {
      int n = i;
      // each from its own address: only the per-account allowance (5) may stop them
      guesses.add(
          CompletableFuture.supplyAsync(
              () ->
                  postJson(
                      "/api/auth/login",
                      "{\"email\":\"" + email + "\",\"password\":\"wrong guess " + n + "\"}",
                      "X-Forwarded-For",
                      "10.20." + (n / 250) + "." + (n % 250)),
              clients));
    }
    int unauthorized = 0;
    int throttled = 0;
    for (CompletableFuture<HttpResponse<String>> guess : guesses) {
      HttpResponse<String> response = guess.join();
      if (response.statusCode() == 401) {
        unauthorized++;
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        throttled++;
      }
    }
    clients.shutdown();
    double hashes = meters.counter("frameflow.auth.password.hashes").count() - before;
    assertThat(hashes).isLessThanOrEqualTo(5);
    assertThat(unauthorized).isEqualTo((int) hashes);
    assertThat(throttled).isEqualTo(200 - unauthorized);
  }

  @Test
  void oldProcessedEventRecordsArePurged() {
    UUID old = UUID.randomUUID();
    UUID recent = UUID.randomUUID();
    for (UUID id : List.of(old, recent)) {
      jdbc.sql(
              "insert into processed_event (event_id, type, video_id, processed_at)"
                  + " values (?, 'video.status', ?, ?)")
          .params(
              id,
              UUID.randomUUID(),
              Timestamp.from(id == old ? Instant.now().minus(Duration.ofDays(30)) : Instant.now()))
          .update();
    }
    assertThat(purge.purgeProcessedEvents()).isGreaterThanOrEqualTo(1);
    assertThat(
            jdbc.sql("select event_id from processed_event where event_id in (?, ?)")
                .params(old, recent)
                .query(UUID.class)
                .list())
        .containsExactly(recent);
  }
}
