package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * One account's webhook endpoints cannot delay another's (issue 27, item 2). The hostile receivers
 * are real sockets on 127.0.0.1 ({@link Tarpit}); the suite's contexts send with a 3 s attempt
 * deadline and open a circuit after 3 failures in a row for 4 s (GatewayIntegrationTest).
 */
class WebhookIsolationIT extends GatewayIntegrationTest {

  @Autowired WebhookProperties properties;

  private HttpServer receiver;

  /** When each event reached the healthy receiver, by event id. */
  private final Map<String, Instant> arrived = new ConcurrentHashMap<>();

  /** Requests per path, and the status each path answers. */
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final List<Tarpit> tarpits = new ArrayList<>();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          int status = answers.getOrDefault(path, 200);
          if (status == 200) {
            arrived.putIfAbsent(
                exchange.getRequestHeaders().getFirst("Frameflow-Event-Id"), Instant.now());
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.start();
  }

  @AfterEach
  void stopReceivers() throws Exception {
    receiver.stop(0);
    for (Tarpit tarpit : tarpits) {
      tarpit.close();
    }
  }

  @Test
  void aTarpitOfOneAccountDelaysNoOtherAccountsWebhooks() throws Exception {
    Tarpit silent = tarpit(Tarpit.Mode.SILENT);
    Tarpit trickle = tarpit(Tarpit.Mode.TRICKLE);
    String hostile = login(newUser());
    for (int i = 0; i < 3; i++) {
      test(hostile, register(hostile, silent.url("/hook/" + i)));
      test(hostile, register(hostile, trickle.url("/hook/" + i)));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .alias("the tarpits hold the account's attempts")
        .until(() -> open(silent) + open(trickle) >= 1);

    String victim = login(newUser());
    UUID endpoint = register(victim, receiverUrl("/victim"));
    Instant asked = Instant.now();
    String eventId = test(victim, endpoint);

    await().atMost(Duration.ofSeconds(2)).until(() -> arrived.containsKey(eventId));
    assertThat(Duration.between(asked, arrived.get(eventId)))
        .as("the other account's event arrives while the tarpits still hold their attempts")
        .isLessThan(properties.attemptDeadline());
    assertThat(open(silent) + open(trickle))
        .as("one account holds at most its share of the senders")
        .isBetween(1L, (long) properties.maxInFlightPerUser());
  }

  @Test
  void anAttemptIsAbandonedAtItsDeadlineAndRetriedLater() throws Exception {
    // a byte every second: no socket timeout ever fires, only the attempt's deadline can end it
    Tarpit trickle = tarpit(Tarpit.Mode.TRICKLE);
    String token = login(newUser());
    UUID endpoint = register(token, trickle.url("/hook"));
    String eventId = test(token, endpoint);

    await().atMost(Duration.ofSeconds(5)).until(() -> trickle.connections().size() >= 1);
    Tarpit.Connection first = trickle.connections().get(0);
    assertThat(first.eventId()).isEqualTo(eventId);
    Instant closed =
        first.closed().get(properties.attemptDeadline().toMillis() + 2000, TimeUnit.MILLISECONDS);
    assertThat(Duration.between(first.accepted(), closed))
        .as("the sender closed the connection at the attempt's deadline")
        .isGreaterThanOrEqualTo(properties.attemptDeadline().minusMillis(500))
        .isLessThan(properties.attemptDeadline().plusSeconds(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> trickle.connections().size() >= 2);
    assertThat(trickle.connections().get(1).eventId())
        .as("the same event, retried")
        .isEqualTo(eventId);
    JsonNode delivery = body(get("/api/webhooks/" + endpoint + "/deliveries", token)).get(0);
    assertThat(delivery.get("status").asString()).isEqualTo("PENDING");
    assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aFailingEndpointIsBackedOffAndProbedWhileOthersAreUnaffected() {
    String failing = login(newUser());
    UUID broken = register(failing, receiverUrl("/broken"));
    answers.put("/broken", 500);
    String brokenEvent = test(failing, broken);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "open".equals(circuit(failing).get("state").asString()));
    JsonNode open = circuit(failing);
    assertThat(open.get("consecutiveFailures").asInt())
        .isEqualTo(properties.circuitFailureThreshold());
    Instant openUntil = Instant.parse(open.get("openUntil").asString());
    int attemptsWhenOpened = requests.get("/broken").get();
    assertThat(attemptsWhenOpened).isEqualTo(properties.circuitFailureThreshold());

    String other = login(newUser());
    String otherEvent = test(other, register(other, receiverUrl("/healthy")));
    await().atMost(Duration.ofSeconds(2)).until(() -> arrived.containsKey(otherEvent));
    assertThat(Instant.now()).as("still within the open circuit").isBefore(openUntil);
    assertThat(requests.get("/broken").get())
        .as("nothing is sent to an open circuit")
        .isEqualTo(attemptsWhenOpened);

    answers.put("/broken", 200);
    await().atMost(Duration.ofSeconds(10)).until(() -> arrived.containsKey(brokenEvent));
    assertThat(arrived.get(brokenEvent))
        .as("the probe comes when the circuit half-opens")
        .isAfterOrEqualTo(openUntil.minusMillis(50));
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> "closed".equals(circuit(failing).get("state").asString()));
    assertThat(circuit(failing).get("consecutiveFailures").asInt()).isZero();
  }

  @Test
  void testEventsBeyondTheAllowanceAreRefusedWithRetryAfter() {
    String token = login(newUser());
    UUID endpoint = register(token, receiverUrl("/tests"));
    for (int i = 0; i < properties.maxTestEvents(); i++) {
      test(token, endpoint);
    }

    HttpResponse<String> refused = postJson("/api/webhooks/" + endpoint + "/test", "", auth(token));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(body(refused).get("code").asString()).isEqualTo("too-many-webhook-tests");
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, properties.testEventWindow().toSeconds());
    assertThat(body(get("/api/webhooks/" + endpoint + "/deliveries", token)).size())
        .isEqualTo(properties.maxTestEvents());

    String other = login(newUser());
    HttpResponse<String> othersTest =
        postJson(
            "/api/webhooks/" + register(other, receiverUrl("/tests")) + "/test", "", auth(other));
    assertThat(othersTest.statusCode()).as("another account's allowance").isEqualTo(202);
  }

  // ---- helpers ----

  private Tarpit tarpit(Tarpit.Mode mode) throws Exception {
    Tarpit tarpit = new Tarpit(mode, Duration.ofSeconds(1));
    tarpits.add(tarpit);
    return tarpit;
  }

  private static long open(Tarpit tarpit) {
    return tarpit.connections().stream().filter(Tarpit.Connection::open).count();
  }

  private String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private UUID register(String token, String url) {
    HttpResponse<String> response =
        postJson("/api/webhooks", "{\"url\":\"" + url + "\"}", auth(token));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return UUID.fromString(body(response).get("id").asString());
  }

  private String test(String token, UUID endpoint) {
    HttpResponse<String> response =
        postJson("/api/webhooks/" + endpoint + "/test", "", auth(token));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return body(response).get("eventId").asString();
  }

  /** The circuit of the account's one endpoint, as GET /api/webhooks shows it. */
  private JsonNode circuit(String token) {
    return body(get("/api/webhooks", token)).get(0).get("circuit");
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }
}
