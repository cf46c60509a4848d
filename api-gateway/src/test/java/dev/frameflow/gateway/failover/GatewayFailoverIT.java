package dev.frameflow.gateway.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.webhook.WebhookEndpoint;
import dev.frameflow.gateway.webhook.WebhookEventType;
import dev.frameflow.gateway.webhook.WebhookRepository;
import dev.frameflow.gateway.webhook.WebhookService;
import dev.frameflow.testing.TestPostgres;
import dev.frameflow.testing.TestRabbit;
import dev.frameflow.testing.TestVideos;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two api-gateway replicas sharing one PostgreSQL and one RabbitMQ virtual host (of this class
 * alone: no other context of the suite relays these rows). The outbox relay and the webhook
 * dispatcher run on both at once; they are safe to: the relay claims rows {@code FOR UPDATE SKIP
 * LOCKED} within the transaction that publishes and marks them, the dispatcher claims deliveries
 * with a lease. Then one replica is killed mid-burst ({@link GatewayReplica#kill()}: off the
 * network at once) and the other must finish everything: every accepted upload's event relayed,
 * every webhook delivered. What the dead one had claimed is sent again under the same event id
 * (receivers and the operator's bridge de-duplicate by it), and nothing else repeats. (The awaits
 * let uncaught exceptions be: the killed replica's threads throw as it dies.)
 */
class GatewayFailoverIT {

  static final int OUTBOX_BATCH = 10;
  static final int WEBHOOK_WORKERS = 4;
  static final String PASSWORD = "correct horse battery";
  static final String EXCHANGE = "frameflow.events";
  static final String PROBE = "failover-it.operator-probe";

  static EmbeddedPostgres postgres;
  static String vhost;
  static CachingConnectionFactory rabbit;

  final JsonMapper json = JsonMapper.builder().build();
  final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  GatewayReplica a;
  GatewayReplica b;

  @BeforeAll
  static void servers() {
    postgres = TestPostgres.start();
    vhost = "frameflow-failover-it-" + ProcessHandle.current().pid();
    TestRabbit.recreateVirtualHost(vhost);
    rabbit = new CachingConnectionFactory(TestRabbit.HOST, TestRabbit.PORT);
    rabbit.setUsername(TestRabbit.USERNAME);
    rabbit.setPassword(TestRabbit.PASSWORD);
    rabbit.setVirtualHost(vhost);
    RabbitAdmin admin = new RabbitAdmin(rabbit);
    TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
    Queue probe = new Queue(PROBE, true, false, false);
    admin.declareExchange(exchange);
    admin.declareQueue(probe);
    admin.declareBinding(BindingBuilder.bind(probe).to(exchange).with("video.uploaded"));
  }

  @AfterAll
  static void stopServers() throws IOException {
    rabbit.destroy();
    TestRabbit.rabbitmqctl("delete_vhost", vhost);
    postgres.close();
  }

  @BeforeEach
  void replicas() {
    // one after the other: the first migrates the schema
    a = GatewayReplica.start("a", postgres.getPort(), vhost);
    b = GatewayReplica.start("b", postgres.getPort(), vhost);
    new RabbitAdmin(rabbit).purgeQueue(PROBE, false);
  }

  @AfterEach
  void stopReplicas() {
    a.close();
    b.close();
  }

  @Test
  void bothReplicasRelayTheOutboxOnceEachAndTheSurvivorRelaysWhatTheDeadOneHad() throws Exception {
    String token = login(b, register(b));
    byte[] video = TestVideos.oneSecond("mp4");

    // both alive: both relays run, and each row goes out once
    Set<String> calm = uploadBurst(token, video, 40, -1);
    Map<String, List<String>> calmEvents = takeFromProbe(calm, Duration.ofSeconds(60));
    assertThat(calmEvents.keySet()).containsExactlyInAnyOrderElementsOf(calm);
    assertThat(calmEvents.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    double byA = a.counter("frameflow.outbox.published");
    double byB = b.counter("frameflow.outbox.published");
    assertThat(byA + byB).isEqualTo(calm.size());

    // one dies while uploads arrive and the relays publish
    Set<String> accepted = uploadBurst(token, video, 100, 30);
    Map<String, List<String>> events = takeFromProbe(accepted, Duration.ofSeconds(90));
    Map<String, List<String>> late = takeFromProbe(Set.of(), Duration.ofSeconds(2));
    late.forEach((video2, ids) -> events.merge(video2, ids, GatewayFailoverIT::concat));

    assertThat(events.keySet()).as("every accepted upload's event").containsAll(accepted);
    int messages = events.values().stream().mapToInt(List::size).sum();
    long repeated = events.values().stream().filter(ids -> ids.size() > 1).count();
    System.out.printf(
        "[gateway failover, outbox] both alive: %d uploads, %d messages (relayed by a: %.0f, b:"
            + " %.0f); replica a killed after 30 of 100 uploads: %d accepted, %d messages, %d"
            + " videos repeated under the same eventId%n",
        calm.size(), calm.size(), byA, byB, accepted.size(), messages, repeated);
    assertThat(events.values())
        .as("a repeat is the same event (eventId), which consumers drop")
        .allSatisfy(ids -> assertThat(new HashSet<>(ids)).hasSize(1));
    assertThat(repeated)
        .as("only what the dead replica had claimed (one batch) goes out again")
        .isLessThanOrEqualTo(OUTBOX_BATCH);
    assertThat(unsentOutboxRows()).isZero();
  }

  @Test
  void bothReplicasDeliverWebhooksAndTheSurvivorTakesOverTheDeadOnesLeases() throws Exception {
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    HttpServer receiver = receiver(received);
    try {
      List<UUID> endpoints = new ArrayList<>();
      for (int user = 0; user < 4; user++) {
        UUID owner = userId(register(b));
        for (int e = 0; e < 2; e++) {
          WebhookEndpoint endpoint =
              b.bean(WebhookService.class)
                  .register(
                      owner,
                      "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + user,
                      List.of(WebhookEventType.VIDEO_SUCCEEDED.id()));
          endpoints.add(endpoint.id());
        }
      }
      Set<String> eventIds = new HashSet<>();
      WebhookRepository deliveries = b.bean(WebhookRepository.class);
      for (int i = 0; i < 100; i++) {
        UUID eventId = UUID.randomUUID();
        eventIds.add(eventId.toString());
        deliveries.enqueue(
            endpoints.get(i % endpoints.size()),
            eventId,
            WebhookEventType.VIDEO_SUCCEEDED,
            "{\"eventId\":\"" + eventId + "\",\"type\":\"video.succeeded\"}",
            Instant.now(),
            UUID.randomUUID());
      }

      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> received.size() >= 30);
      double deliveredByA = a.counter("frameflow.webhooks.deliveries", "outcome", "delivered");
      a.kill();

      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> deliveredRows() == eventIds.size());
      long repeated = received.values().stream().filter(n -> n.get() > 1).count();
      System.out.printf(
          "[gateway failover, webhooks] 100 deliveries; a delivered %.0f before it was killed,"
              + " b %.0f; %d events received twice (what a had in flight)%n",
          deliveredByA,
          b.counter("frameflow.webhooks.deliveries", "outcome", "delivered"),
          repeated);
      assertThat(received.keySet()).as("every webhook delivered").isEqualTo(eventIds);
      assertThat(deliveredByA).as("both replicas were delivering").isPositive();
      assertThat(received.values())
          .as("an event twice at most: once from the dead replica, once from its heir")
          .allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
      assertThat(repeated)
          .as("only deliveries the dead replica held can repeat")
          .isLessThanOrEqualTo(WEBHOOK_WORKERS);
    } finally {
      receiver.stop(0);
    }
  }

  /**
   * Uploads {@code count} videos, alternately to each replica, four at a time; after {@code
   * killAfter} answers (negative: never) replica a is killed. A request a could not answer is sent
   * to b, as a load balancer and a client's retry would. Returns the accepted videos' ids.
   */
  private Set<String> uploadBurst(String token, byte[] video, int count, int killAfter)
      throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger answered = new AtomicInteger();
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GatewayReplica first = i % 2 == 0 ? a : b;
      String name = "burst-" + i + ".mp4";
      running.add(
          CompletableFuture.runAsync(
              () -> {
                String id = upload(first, token, name, video);
                if (id == null) {
                  id = upload(b, token, name, video);
                }
                assertThat(id).as("accepted by one replica or the other").isNotNull();
                accepted.add(id);
                if (answered.incrementAndGet() == killAfter) {
                  a.kill();
                }
              }));
      if (running.size() >= 4) {
        running.remove(0).join();
      }
    }
    running.forEach(CompletableFuture::join);
    return accepted;
  }

  /** The accepted video's id, or null when the replica did not answer 202 (it died). */
  private String upload(GatewayReplica replica, String token, String name, byte[] video) {
    Multipart multipart = new Multipart().file(name, video);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(replica.url() + "/api/videos"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", multipart.contentType())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        return null;
      }
      return json.readTree(response.body()).get("videos").get(0).get("id").asString();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code video.uploaded} messages on the probe queue: event ids by video, until all expected. */
  private Map<String, List<String>> takeFromProbe(Set<String> expected, Duration within) {
    RabbitTemplate template = new RabbitTemplate(rabbit);
    Map<String, List<String>> events = new HashMap<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline
        && (expected.isEmpty() || !events.keySet().containsAll(expected))) {
      Message message = template.receive(PROBE, 200);
      if (message != null) {
        JsonNode event = json.readTree(message.getBody());
        events
            .computeIfAbsent(event.get("videoId").asString(), v -> new ArrayList<>())
            .add(event.get("eventId").asString());
      }
    }
    return events;
  }

  private static List<String> concat(List<String> one, List<String> other) {
    List<String> both = new ArrayList<>(one);
    both.addAll(other);
    return both;
  }

  private String register(GatewayReplica replica) throws Exception {
    String email = "failover-" + UUID.randomUUID() + "@example.org";
    HttpResponse<String> response =
        postJson(
            replica,
            "/api/auth/register",
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Ada\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return email;
  }

  private String login(GatewayReplica replica, String email) throws Exception {
    HttpResponse<String> response =
        postJson(
            replica,
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body()).get("accessToken").asString();
  }

  private HttpResponse<String> postJson(GatewayReplica replica, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(replica.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A receiver that takes a moment per delivery (so some are in flight) and counts event ids. */
  private static HttpServer receiver(Map<String, AtomicInteger> received) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
    server.createContext(
        "/hook/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String eventId = exchange.getRequestHeaders().getFirst("Frameflow-Event-Id");
          try {
            Thread.sleep(150);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          received.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private UUID userId(String email) throws SQLException {
    return query(
        "select id from app_user where email = ?", email, rs -> rs.getObject(1, UUID.class));
  }

  private long unsentOutboxRows() throws SQLException {
    return query("select count(*) from outbox where sent_at is null", null, rs -> rs.getLong(1));
  }

  private long deliveredRows() throws SQLException {
    return query(
        "select count(*) from webhook_delivery where status = 'DELIVERED'",
        null,
        rs -> rs.getLong(1));
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The database as an operator would look at it: directly, not through either replica. */
  private static <T> T query(String sql, String parameter, Row<T> row) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      if (parameter != null) {
        statement.setString(1, parameter);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return row.read(rs);
      }
    }
  }
}
