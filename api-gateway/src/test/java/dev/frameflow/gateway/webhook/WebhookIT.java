package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.HandledStatusEvents;
import dev.frameflow.gateway.support.TestServers;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks as a receiver sees them: signed, retried after failures, one event id per change, and
 * never sent to an internal address the configuration does not allow (this test allows exactly
 * 127.0.0.1, where its receiver listens).
 */
class WebhookIT extends GatewayIntegrationTest {

  /** What the receiver got: each request, whether its signature verified, and what it applied. */
  record Received(String eventId, String type, boolean verified, JsonNode body) {}

  @RegisterExtension final HandledStatusEvents handled = new HandledStatusEvents();

  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<String> applied = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private volatile String secret;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String signature = exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER);
          String eventId = exchange.getRequestHeaders().getFirst("Frameflow-Event-Id");
          boolean verified = verifies(signature, body, secret);
          JsonNode json = this.json.readTree(body);
          received.add(new Received(eventId, json.get("type").asString(), verified, json));
          int failures =
              failuresLeft
                  .getOrDefault(json.get("type").asString(), new AtomicInteger())
                  .getAndDecrement();
          int status = !verified ? 401 : failures > 0 ? 500 : 200;
          if (status == 200) {
            applied.add(eventId); // a receiver de-duplicates by event id
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void aStatusChangeIsDeliveredSignedAndRetriedUntilTheReceiverTakesIt() {
    String token = login(newUser());
    JsonNode registered = register(token, hookUrl(), "video.processing", "video.succeeded");
    secret = registered.get("secret").asString();
    assertThat(secret).startsWith("whsec_");
    UUID webhookId = UUID.fromString(registered.get("id").asString());
    failuresLeft.put("video.succeeded", new AtomicInteger(2));

    UUID videoId = uploadVideo(token);
    publishStatus(status(videoId, "PROCESSING", "\"progressPercent\": 10"));
    // two consumers share the queue: let PROCESSING land before the outcome, as it does in life
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "PROCESSING"
                    .equals(body(get("/api/videos/" + videoId, token)).get("status").asString()));
    publishStatus(status(videoId, "SUCCEEDED", "\"frames\": 7, \"bytes\": 1234"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> received.stream().filter(r -> r.type().equals("video.succeeded")).count() == 3);
    List<Received> succeeded =
        received.stream().filter(r -> r.type().equals("video.succeeded")).toList();
    assertThat(succeeded).allMatch(Received::verified);
    assertThat(succeeded).extracting(Received::eventId).containsOnly(succeeded.get(0).eventId());
    JsonNode data = succeeded.get(0).body().get("data");
    assertThat(data.get("videoId").asString()).isEqualTo(videoId.toString());
    assertThat(data.get("frames").asInt()).isEqualTo(7);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> received.stream().anyMatch(r -> r.type().equals("video.processing")));
    assertThat(applied).hasSize(2);

    JsonNode log = body(get("/api/webhooks/" + webhookId + "/deliveries", token));
    JsonNode delivered =
        stream(log)
            .filter(d -> d.get("eventType").asString().equals("video.succeeded"))
            .findFirst()
            .orElseThrow();
    assertThat(delivered.get("status").asString()).isEqualTo("DELIVERED");
    assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
    assertThat(delivered.get("lastStatusCode").asInt()).isEqualTo(200);

    // the same outcome delivered again by the broker queues no second webhook
    UUID again = UUID.randomUUID();
    UUID late = UUID.randomUUID();
    publishStatus(status(again, videoId, "SUCCEEDED", "\"frames\": 7, \"bytes\": 1234"));
    publishStatus(status(late, videoId, "FAILED", "\"reason\": \"late\""));
    assertThat(handled.await(again)).isEqualTo("STALE");
    assertThat(handled.await(late)).isEqualTo("STALE");
    assertThat(body(get("/api/webhooks/" + webhookId + "/deliveries", token)))
        .as("a webhook is queued in the transaction that applies its change")
        .hasSize(2);
    assertThat(received.stream().filter(r -> r.type().startsWith("video.")).count()).isEqualTo(4);
  }

  @Test
  void aFailureWhoseMessageHoldsInternalDetailsReachesTheOwnerAsACatalogueReasonOnly() {
    String email = newUser();
    String token = login(email);
    secret = register(token, hookUrl(), "video.failed").get("secret").asString();
    UUID leaky = uploadVideo(token);
    UUID hostileRule = uploadVideo(token);

    // what an operator's status message may say (an older operator sent it as the reason)
    publishStatus(
        status(
            leaky,
            "FAILED",
            "\"reason\": \"failed 3 times, last: ImagePullBackOff: Back-off pulling image"
                + " \\\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/frameflow/extractor:1.2\\\""
                + " from 10.0.3.7 (s3://frameflow-results/videos/x/frames.zip)\""));
    // a catalogue sentence whose free part quotes an address
    publishStatus(
        status(
            hostileRule,
            "FAILED",
            "\"reason\": \"the extraction options are invalid: fetch http://10.0.3.7/\""));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> received.stream().filter(r -> r.type().equals("video.failed")).count() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> mailBodiesTo(email).size() == 2);

    JsonNode shown = body(get("/api/videos/" + leaky, token));
    assertThat(shown.get("failureReason").asString())
        .isEqualTo("the extraction failed on our side");
    assertThat(shown.get("failureCode").asString()).isEqualTo("internal");
    JsonNode rule = body(get("/api/videos/" + hostileRule, token));
    assertThat(rule.get("failureReason").asString())
        .isEqualTo("the extraction options are invalid");
    assertThat(rule.get("failureCode").asString()).isEqualTo("invalid-options");
    JsonNode webhook =
        received.stream()
            .filter(r -> r.type().equals("video.failed"))
            .filter(r -> r.body().get("data").get("videoId").asString().equals(leaky.toString()))
            .findFirst()
            .orElseThrow()
            .body();
    assertThat(webhook.get("data").get("reasonCode").asString()).isEqualTo("internal");

    List<String> everything = new java.util.ArrayList<>(mailBodiesTo(email));
    everything.add(get("/api/videos/" + leaky, token).body());
    everything.add(get("/api/videos/" + hostileRule, token).body());
    everything.add(get("/api/videos", token).body());
    received.forEach(r -> everything.add(r.body().toString()));
    for (String text : everything) {
      assertThat(text)
          .doesNotContain("amazonaws")
          .doesNotContain("123456789012")
          .doesNotContain("10.0.3.7")
          .doesNotContain("s3://")
          .doesNotContain("ImagePullBackOff");
    }
  }

  private static List<String> mailBodiesTo(String email) {
    return java.util.Arrays.stream(TestServers.get().greenMail().getReceivedMessages())
        .filter(
            m -> {
              try {
                return java.util.Arrays.stream(
                        m.getRecipients(jakarta.mail.Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(email));
              } catch (Exception e) {
                return false;
              }
            })
        .map(com.icegreen.greenmail.util.GreenMailUtil::getWholeMessage)
        .toList();
  }

  @Test
  void aTestEventAndARotatedSecretReachTheReceiverAndTheListNeverShowsTheSecret() {
    String token = login(newUser());
    JsonNode registered = register(token, hookUrl());
    UUID webhookId = UUID.fromString(registered.get("id").asString());
    secret = registered.get("secret").asString();

    HttpResponse<String> rotated =
        postJson("/api/webhooks/" + webhookId + "/secret", "", auth(token));
    assertThat(rotated.statusCode()).isEqualTo(200);
    String newSecret = body(rotated).get("secret").asString();
    assertThat(newSecret).isNotEqualTo(secret);
    secret = newSecret;

    HttpResponse<String> test = postJson("/api/webhooks/" + webhookId + "/test", "", auth(token));
    assertThat(test.statusCode()).isEqualTo(202);
    String eventId = body(test).get("eventId").asString();
    await().atMost(Duration.ofSeconds(10)).until(() -> applied.contains(eventId));
    assertThat(received).allMatch(Received::verified);

    String listed = get("/api/webhooks", token).body();
    assertThat(listed)
        .contains(webhookId.toString())
        .doesNotContain(newSecret)
        .doesNotContain("whsec_");
    assertThat(get("/api/webhooks/" + webhookId + "/deliveries", login(newUser())).statusCode())
        .as("another user's webhook")
        .isEqualTo(404);
    assertThat(delete("/api/webhooks/" + webhookId, token).statusCode()).isEqualTo(204);
    assertThat(body(get("/api/webhooks", token)).size()).isZero();
  }

  @Test
  void internalAddressesAreRefusedAtRegistration() {
    String token = login(newUser());
    for (String url :
        List.of(
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://127.0.0.2:8080/hook",
            "http://[::1]/hook",
            "file:///etc/passwd")) {
      HttpResponse<String> response =
          postJson("/api/webhooks", "{\"url\":\"" + url + "\"}", auth(token));
      assertThat(response.statusCode()).as(url).isEqualTo(400);
      assertThat(body(response).get("detail").asString()).as(url).startsWith("url is refused");
    }
    HttpResponse<String> unknownEvent =
        postJson(
            "/api/webhooks",
            "{\"url\":\"" + hookUrl() + "\",\"events\":[\"video.exploded\"]}",
            auth(token));
    assertThat(unknownEvent.statusCode()).isEqualTo(400);
  }

  private JsonNode register(String token, String url, String... events) {
    StringBuilder list = new StringBuilder();
    for (String event : events) {
      list.append(list.isEmpty() ? "" : ",").append('"').append(event).append('"');
    }
    HttpResponse<String> response =
        postJson(
            "/api/webhooks", "{\"url\":\"" + url + "\",\"events\":[" + list + "]}", auth(token));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return body(response);
  }

  private String hookUrl() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new java.util.ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }

  private static String status(UUID videoId, String status, String extra) {
    return status(UUID.randomUUID(), videoId, status, extra);
  }

  private static String status(UUID eventId, UUID videoId, String status, String extra) {
    return "{\"eventId\": \""
        + eventId
        + "\", \"type\": \"video.status\", \"videoId\": \""
        + videoId
        + "\", \"occurredAt\": \""
        + Instant.now()
        + "\", \"status\": \""
        + status
        + "\", \"attempts\": 1, "
        + extra
        + "}";
  }

  /** What a receiver does with the header: recompute the HMAC over "t.body" and compare. */
  private static boolean verifies(String header, byte[] body, String secret) {
    if (header == null || secret == null) {
      return false;
    }
    String t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        t = part.substring(2);
      } else if (part.startsWith("v1=")) {
        v1 = part.substring(3);
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t));
    return age < 300
        && WebhookSigner.hmac(Long.parseLong(t), body, secret)
            .equals(new String(v1.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
  }
}
