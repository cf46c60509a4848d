package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.testing.TestVideos;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every protected endpoint × every kind of bad token answers 401 problem JSON; another user's valid
 * token answers 404 on a video (never 403) and an empty list on collections.
 */
class SecurityMatrixIT extends GatewayIntegrationTest {

  @Autowired SigningKeys keys;
  @Autowired JwtProperties jwt;
  @Autowired TokenService tokens;

  private String ownerToken;
  private String otherToken;
  private UUID videoId;

  @BeforeEach
  void ownerWithAVideo() {
    ownerToken = login(newUser());
    otherToken = login(newUser());
    videoId = uploadVideo(ownerToken);
  }

  private Map<String, String> badTokens(UUID userId) {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no token", null);
    bad.put("malformed", "not.a.jwt");
    bad.put(
        "wrong signature",
        new TokenService(SigningKeys.generatedEd25519(keys.keyId()), jwt, Clock.systemUTC())
            .issue(userId)
            .value());
    bad.put("alg none", unsignedToken(userId));
    // signed with our own key, every claim right, but no exp: it would never expire
    bad.put(
        "no exp",
        io.jsonwebtoken.Jwts.builder()
            .header()
            .keyId(keys.keyId())
            .and()
            .issuer(jwt.issuer())
            .audience()
            .add(jwt.audience())
            .and()
            .subject(userId.toString())
            .issuedAt(new java.util.Date())
            .id(UUID.randomUUID().toString())
            .signWith((java.security.PrivateKey) keys.signingKey())
            .compact());
    bad.put(
        "expired",
        new TokenService(
                keys, jwt, Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC))
            .issue(userId)
            .value());
    bad.put(
        "wrong audience",
        new TokenService(
                keys,
                new JwtProperties(
                    jwt.issuer(),
                    "someone-else",
                    jwt.ttl(),
                    jwt.clockSkew(),
                    null,
                    null,
                    null,
                    null,
                    null),
                Clock.systemUTC())
            .issue(userId)
            .value());
    bad.put(
        "wrong issuer",
        new TokenService(
                keys,
                new JwtProperties(
                    "evil",
                    jwt.audience(),
                    jwt.ttl(),
                    jwt.clockSkew(),
                    null,
                    null,
                    null,
                    null,
                    null),
                Clock.systemUTC())
            .issue(userId)
            .value());
    return bad;
  }

  private Map<String, HttpRequest.Builder> protectedEndpoints() {
    Map<String, HttpRequest.Builder> endpoints = new LinkedHashMap<>();
    endpoints.put("list videos", HttpRequest.newBuilder(url("/api/videos")).GET());
    endpoints.put("video detail", HttpRequest.newBuilder(url("/api/videos/" + videoId)).GET());
    endpoints.put(
        "download", HttpRequest.newBuilder(url("/api/videos/" + videoId + "/download")).GET());
    endpoints.put("cancel", HttpRequest.newBuilder(url("/api/videos/" + videoId)).DELETE());
    Multipart multipart = new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4"));
    endpoints.put(
        "upload",
        HttpRequest.newBuilder(url("/api/videos"))
            .header("Content-Type", multipart.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build())));
    endpoints.put("notifications", HttpRequest.newBuilder(url("/api/notifications")).GET());
    endpoints.put("unknown path", HttpRequest.newBuilder(url("/api/nothing-here")).GET());
    return endpoints;
  }

  @Test
  void everyProtectedEndpointRefusesEveryBadTokenWith401ProblemJson() {
    // the bad tokens are all minted for the video's owner: only the token itself is wrong
    UUID ownerId = UUID.fromString(subjectOf(ownerToken));
    Map<String, String> badTokens = badTokens(ownerId);
    for (var endpoint : protectedEndpoints().entrySet()) {
      for (var token : badTokens.entrySet()) {
        HttpRequest.Builder request = endpoint.getValue().copy();
        if (token.getValue() != null) {
          request.header("Authorization", "Bearer " + token.getValue());
        }
        HttpResponse<String> response = send(request.build());
        String label = endpoint.getKey() + " with " + token.getKey();
        assertThat(response.statusCode()).as(label).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
            .as(label)
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(label).hasValue("Bearer");
        assertThat(body(response).get("status").asInt()).as(label).isEqualTo(401);
        assertThat(body(response).get("code").asString()).as(label).isEqualTo("unauthorized");
      }
    }
    // and the video survived all of it
    assertThat(get("/api/videos/" + videoId, ownerToken).statusCode()).isEqualTo(200);
  }

  @Test
  void anotherUsersVideoIsNotFoundNeverForbidden() {
    assertThat(get("/api/videos/" + videoId, otherToken).statusCode()).isEqualTo(404);
    assertThat(get("/api/videos/" + videoId + "/download", otherToken).statusCode()).isEqualTo(404);
    HttpResponse<String> cancel = delete("/api/videos/" + videoId, otherToken);
    assertThat(cancel.statusCode()).isEqualTo(404);
    assertThat(body(cancel).get("title").asString()).isEqualTo("Not found");
    assertThat(body(get("/api/videos", otherToken)).get("items")).isEmpty();
    assertThat(body(get("/api/notifications", otherToken)).get("items")).isEmpty();
    // the owner's video is untouched
    assertThat(body(get("/api/videos/" + videoId, ownerToken)).get("status").asString())
        .isEqualTo("QUEUED");
  }

  @Test
  void publicEndpointsNeedNoToken() {
    JsonNode jwks = body(get("/.well-known/jwks.json", null));
    JsonNode key = jwks.get("keys").get(0);
    assertThat(key.get("kid").asString()).isEqualTo(keys.keyId());
    assertThat(key.get("kty").asString()).isEqualTo("OKP");
    assertThat(key.has("d")).as("never the private part").isFalse();
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    assertThat(get("/v3/api-docs", null).body()).contains("/api/videos");
    HttpResponse<String> prometheus = get("/actuator/prometheus", null);
    assertThat(prometheus.body())
        .contains("frameflow_outbox_lag_seconds")
        .contains("frameflow_upload_bytes")
        .contains("frameflow_upload_duration")
        .contains("http_server_requests");
    assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
  }

  @Test
  void issuedTokensCarryAllRegisteredClaims() {
    String[] parts = ownerToken.split("\\.");
    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.get("alg").asString()).isEqualTo("EdDSA");
    assertThat(header.get("kid").asString()).isEqualTo(keys.keyId());
    assertThat(claims.get("iss").asString()).isEqualTo("frameflow");
    assertThat(claims.get("aud").toString()).contains("frameflow-api");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(15 * 60);
    assertThat(claims.get("jti").asString()).isNotBlank();
    assertThat(tokens.verify(ownerToken)).hasValue(UUID.fromString(claims.get("sub").asString()));
  }

  @Test
  void loginIsThrottledPerAccountWithRetryAfterAndDoesNotRevealWhetherTheEmailExists() {
    String email = newUser();
    String address = "X-Forwarded-For";
    HttpResponse<String> unknown =
        postJson(
            "/api/auth/login",
            "{\"email\":\"nobody-"
                + UUID.randomUUID()
                + "@example.org\",\"password\":\"whatever123\"}",
            address,
            "10.9.0.1");
    HttpResponse<String> wrongPassword =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"wrong password 1\"}",
            address,
            "10.9.0.1");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(body(unknown).get("detail")).isEqualTo(body(wrongPassword).get("detail"));

    for (int i = 2; i <= 5; i++) {
      // from different addresses: the per-account limit alone must stop this
      assertThat(
              postJson(
                      "/api/auth/login",
                      "{\"email\":\"" + email + "\",\"password\":\"wrong password " + i + "\"}",
                      address,
                      "10.9.1." + i)
                  .statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> throttled =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
            address,
            "10.9.2.1");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    assertThat(body(throttled).get("status").asInt()).isEqualTo(429);
  }

  @Test
  void loginIsThrottledPerClientAddress() {
    String address = "10.8." + (int) (Math.random() * 200) + ".7";
    for (int i = 0; i < 20; i++) {
      assertThat(
              postJson(
                      "/api/auth/login",
                      "{\"email\":\"guess" + i + "@example.org\",\"password\":\"guess password\"}",
                      "X-Forwarded-For",
                      address)
                  .statusCode())
          .isEqualTo(401);
    }
    String email = newUser();
    assertThat(
            postJson(
                    "/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                    "X-Forwarded-For",
                    address)
                .statusCode())
        .isEqualTo(429);
    // the same account from elsewhere is fine
    assertThat(
            postJson(
                    "/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                    "X-Forwarded-For",
                    "10.7.0.1")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void registrationRefusesBadInputCleanly() {
    assertProblem(
        postJson(
            "/api/auth/register", "{\"email\":\"a@b.org\",\"password\":\"short\",\"name\":\"A\"}"),
        400);
    assertProblem(
        postJson(
            "/api/auth/register",
            "{\"email\":\"a"
                + UUID.randomUUID()
                + "@b.org\",\"password\":\"password123\",\"name\":\"A\"}"),
        400);
    assertProblem(
        postJson(
            "/api/auth/register",
            "{\"email\":\"not an email\",\"password\":\"correct horse battery\",\"name\":\"A\"}"),
        400);
    assertProblem(postJson("/api/auth/register", "{\"email\": "), 400);
    assertProblem(postJson("/api/auth/register", "{}"), 400);
    String huge = "x".repeat(100_000);
    assertProblem(
        postJson(
            "/api/auth/register",
            "{\"email\":\"a@b.org\",\"password\":\"" + huge + "\",\"name\":\"A\"}"),
        413);
    // the same email, differently written, is a duplicate: answered exactly like a new address
    // (no 409 that would tell who has an account), and the account keeps its own password
    String email = newUser();
    HttpResponse<String> duplicate =
        postJson(
            "/api/auth/register",
            "{\"email\":\"  "
                + email.toUpperCase()
                + " \",\"password\":\"another battery staple\",\"name\":\"B\"}");
    HttpResponse<String> fresh =
        postJson(
            "/api/auth/register",
            "{\"email\":\"fresh-"
                + UUID.randomUUID()
                + "@example.org\",\"password\":\"another battery staple\",\"name\":\"B\"}");
    assertThat(duplicate.statusCode()).isEqualTo(202).isEqualTo(fresh.statusCode());
    assertThat(duplicate.body()).isEqualTo(fresh.body());
    login(email);
  }

  @Test
  void wrongMethodsAndUnknownVideosAnswerProblemJson() {
    assertProblem(get("/api/auth/login", null), 405);
    assertProblem(
        send(
            HttpRequest.newBuilder(url("/api/videos"))
                .header("Authorization", "Bearer " + ownerToken)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build()),
        405);
    assertProblem(get("/api/videos/" + UUID.randomUUID(), ownerToken), 404);
    assertProblem(get("/api/videos/not-a-uuid", ownerToken), 400);
    assertProblem(get("/api/videos?size=1000", ownerToken), 400);
  }

  private void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(body(response).get("status").asInt()).isEqualTo(status);
    // every problem has a stable type and code a program can branch on
    String code = body(response).get("code").asString();
    assertThat(code).matches("[a-z-]+");
    assertThat(body(response).get("type").asString())
        .isEqualTo("https://frameflow.dev/problems/" + code);
  }

  private String subjectOf(String token) {
    return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
        .get("sub")
        .asString();
  }

  private String unsignedToken(UUID userId) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"none\",\"kid\":\"" + keys.keyId() + "\"}";
    String claims =
        "{\"iss\":\"frameflow\",\"aud\":\"frameflow-api\",\"sub\":\""
            + userId
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 600)
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\"}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".";
  }
}
