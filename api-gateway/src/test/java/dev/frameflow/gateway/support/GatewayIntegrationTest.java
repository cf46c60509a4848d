package dev.frameflow.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.testing.TestVideos;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running api-gateway for all integration tests (same configuration → one cached Spring
 * context), wired to the shared {@link TestServers}. Plays the operator's part on RabbitMQ: a probe
 * queue bound to {@code video.uploaded} and {@code video.cancelled}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "frameflow.upload.max-file-size=12MB",
      "frameflow.upload.part-size=5MB",
      "frameflow.upload.max-files=5",
      "frameflow.outbox.poll-interval=100ms",
      "frameflow.outbox.first-retry-delay=200ms",
      "frameflow.outbox.max-retry-delay=2s",
      "frameflow.outbox.confirm-timeout=3s",
      "frameflow.mail.poll-interval=200ms",
      "frameflow.mail.first-retry-delay=300ms",
      "frameflow.public-base-url=https://frameflow.example.org",
      // the webhook receiver and the import server of the tests listen on 127.0.0.1: allowed, alone
      "frameflow.outbound.allowed-networks=127.0.0.1/32",
      "frameflow.webhooks.poll-interval=100ms",
      "frameflow.webhooks.first-retry-delay=200ms",
      // every context of the suite sends webhooks from the same tables: one set of bounds, short
      // enough for WebhookIsolationIT to watch a deadline pass and a circuit open and close
      "frameflow.webhooks.attempt-deadline=3s",
      "frameflow.webhooks.circuit-failure-threshold=3",
      "frameflow.webhooks.circuit-open-for=4s",
      // a short window so that the trickled-upload test ends quickly
      "frameflow.upload.throughput-window=2s",
      // short import deadlines, so that HostileImportServersIT watches them pass
      "frameflow.import.header-deadline=2s",
      "frameflow.import.max-duration=10s",
      // addresses count as verified, so the flow tests see exactly their notifications;
      // AccountSecurityIT runs with verification on
      "frameflow.registration.auto-verify=true",
      // every test registers from 127.0.0.1, and OutboxReliabilityIT uploads 200 videos at once
      // for one user; UploadAbuseIT and AccountSecurityIT run with the limits on
      "frameflow.registration.max-per-address=100000",
      "frameflow.upload.max-in-flight-per-user=1000",
      // spans reach RecordedSpans within a tenth of a second (Boot batches them for 5 s)
      "management.opentelemetry.tracing.export.schedule-delay=100ms"
    })
@Import({RecordedSpans.class, SuiteMeters.class})
public abstract class GatewayIntegrationTest {

  public static final String EXCHANGE = "frameflow.events";
  public static final String PROBE_QUEUE = "gateway-it.operator-probe";

  @LocalServerPort protected int port;
  @Autowired protected JsonMapper json;
  @Autowired protected ConnectionFactory rabbitConnectionFactory;

  /**
   * Connects within 30 s: a burst of 200 parallel uploads on a loaded 2-core machine fills Tomcat's
   * accept backlog for longer than 5 s, and what the tests check starts after the connection.
   */
  protected final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  protected RabbitTemplate rabbit;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    TestServers servers = TestServers.get();
    registry.add("spring.datasource.url", servers::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    servers.registerS3(registry);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", servers::smtpPort);
    registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
    registry.add("spring.rabbitmq.virtual-host", () -> TestServers.RABBIT_VHOST);
  }

  @BeforeEach
  void bindOperatorProbe() {
    rabbit = new RabbitTemplate(rabbitConnectionFactory);
    RabbitAdmin admin = new RabbitAdmin(rabbitConnectionFactory);
    TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
    Queue probe = new Queue(PROBE_QUEUE, true, false, false);
    admin.declareExchange(exchange);
    admin.declareQueue(probe);
    admin.declareBinding(BindingBuilder.bind(probe).to(exchange).with("video.uploaded"));
    admin.declareBinding(BindingBuilder.bind(probe).to(exchange).with("video.cancelled"));
  }

  // ---- HTTP helpers ----

  protected URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  protected HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A tus request (protocol 1.0.0) with the user's token. */
  protected HttpRequest.Builder tusRequest(String path, String token, String method, byte[] body) {
    return HttpRequest.newBuilder(url(path))
        .header("Tus-Resumable", "1.0.0")
        .header("Authorization", "Bearer " + token)
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** Creates a resumable upload of {@code length} bytes; returns its location. */
  protected String newTusUpload(String token, long length) {
    HttpResponse<String> response =
        send(
            tusRequest("/api/uploads", token, "POST", null)
                .header("Upload-Length", String.valueOf(length))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.headers().firstValue("Location").orElseThrow();
  }

  /** Registers a webhook of the user for {@code event} at {@code url}. */
  protected void registerWebhook(String token, String url, String event) {
    HttpResponse<String> response =
        postJson(
            "/api/webhooks",
            "{\"url\":\"" + url + "\",\"events\":[\"" + event + "\"]}",
            "Authorization",
            "Bearer " + token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  protected HttpResponse<String> postJson(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  protected HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  protected HttpResponse<String> delete(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).DELETE();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  protected HttpResponse<String> upload(String token, Multipart multipart) {
    return upload("/api/videos", token, multipart);
  }

  protected HttpResponse<String> upload(String path, String token, Multipart multipart) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", multipart.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  protected JsonNode body(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  /** A new account; returns its email. */
  protected String newUser() {
    String email = "user-" + UUID.randomUUID() + "@example.org";
    HttpResponse<String> response =
        postJson(
            "/api/auth/register",
            "{\"email\":\""
                + email
                + "\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return email;
  }

  protected String login(String email) {
    HttpResponse<String> response =
        postJson(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response).get("accessToken").asString();
  }

  /** Uploads one real MP4 and returns the new video's id. */
  protected UUID uploadVideo(String token) {
    return uploadVideo(token, new Multipart());
  }

  /** The same after the option fields already in {@code form}. */
  protected UUID uploadVideo(String token, Multipart form) {
    HttpResponse<String> response =
        upload(token, form.file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(body(response).get("videos").get(0).get("id").asString());
  }

  // ---- RabbitMQ helpers ----

  /** Takes messages from the probe queue until {@code count} arrived or the time is up. */
  protected List<JsonNode> takeFromProbe(int count, Duration within) {
    List<JsonNode> messages = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (messages.size() < count && System.nanoTime() < deadline) {
      try {
        Message message = rabbit.receive(PROBE_QUEUE, 200);
        if (message != null) {
          messages.add(json.readTree(message.getBody()));
        }
      } catch (RuntimeException connectionTrouble) {
        sleep(100); // a forcibly closed connection: the factory reconnects
      }
    }
    return messages;
  }

  /** Takes probe messages about one video (others' messages are dropped). */
  protected List<JsonNode> takeFromProbeFor(UUID videoId, int count, Duration within) {
    List<JsonNode> mine = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (mine.size() < count && System.nanoTime() < deadline) {
      for (JsonNode message : takeFromProbe(1, Duration.ofMillis(300))) {
        if (message.get("videoId").asString().equals(videoId.toString())) {
          mine.add(message);
        }
      }
    }
    return mine;
  }

  protected void purgeProbe() {
    new RabbitAdmin(rabbitConnectionFactory).purgeQueue(PROBE_QUEUE, false);
  }

  /** A {@code video.status} event as the operator sends it; {@code extra}: more JSON fields. */
  protected static String statusEvent(UUID eventId, UUID videoId, String status, String extra) {
    return "{\"eventId\": \""
        + eventId
        + "\", \"type\": \"video.status\", \"videoId\": \""
        + videoId
        + "\", \"occurredAt\": \""
        + java.time.Instant.now()
        + "\", \"status\": \""
        + status
        + "\", \"attempts\": 1"
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}";
  }

  protected void publishStatus(String eventJson) {
    org.springframework.amqp.core.MessageProperties properties =
        new org.springframework.amqp.core.MessageProperties();
    properties.setContentType("application/json");
    rabbit.send(EXCHANGE, "video.status", new Message(eventJson.getBytes(), properties));
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
