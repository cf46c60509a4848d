package dev.frameflow.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.events.VideoUploadedEvent;
import dev.frameflow.gateway.messaging.RabbitOutboxDispatcher;
import dev.frameflow.gateway.status.VideoStatusService;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seams the standalone mode builds on: with {@code frameflow.messaging.mode=in-process} the
 * application starts with no broker at all (RabbitMQ points at a closed port), another {@link
 * OutboxDispatcher} receives the outbox messages, it reports back through {@link
 * VideoStatusService}, and mail lands as .eml files in a mailbox directory.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "frameflow.messaging.mode=in-process",
      "frameflow.mail.mode=mailbox",
      "frameflow.outbox.poll-interval=100ms",
      "frameflow.mail.poll-interval=200ms",
      "spring.rabbitmq.port=1",
      "management.health.rabbit.enabled=false"
    })
@DirtiesContext
class InProcessModeIT {

  static final Path MAILBOX = createTempDir();

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired RecordingDispatcher dispatcher;
  @Autowired JsonMapper json;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) throws Exception {
    TestServers servers = TestServers.get();
    // a database of its own: this context's outbox relay must not take the other tests' rows
    String url = servers.jdbcUrl().replace("/postgres?", "/inprocess?");
    try (Connection connection =
        DriverManager.getConnection(servers.jdbcUrl(), "postgres", "postgres")) {
      var exists =
          connection
              .createStatement()
              .executeQuery("select 1 from pg_database where datname = 'inprocess'");
      if (!exists.next()) {
        connection.createStatement().execute("create database inprocess");
      }
    }
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    servers.registerS3(registry);
    registry.add("frameflow.mail.mailbox-dir", MAILBOX::toString);
    registry.add("frameflow.registration.auto-verify", () -> "true");
  }

  /** Stands in for the standalone executor: takes the job, reports success at once. */
  static class RecordingDispatcher implements OutboxDispatcher {
    final List<OutboxMessage> messages = new CopyOnWriteArrayList<>();
    private final JsonMapper json;
    private final VideoStatusService statuses;

    RecordingDispatcher(JsonMapper json, VideoStatusService statuses) {
      this.json = json;
      this.statuses = statuses;
    }

    @Override
    public void dispatch(OutboxMessage message) {
      messages.add(message);
      VideoUploadedEvent job = json.readValue(message.payload(), VideoUploadedEvent.class);
      statuses.apply(
          VideoStatusEvent.succeeded(
              UUID.randomUUID(), job.videoId(), Instant.now(), 7, 1234L, job.output(), 1));
    }
  }

  @TestConfiguration
  static class StandaloneSeams {
    @Bean
    RecordingDispatcher recordingDispatcher(JsonMapper json, @Lazy VideoStatusService statuses) {
      return new RecordingDispatcher(json, statuses);
    }
  }

  @Test
  void startsWithoutABrokerAndRunsTheWholeLoopInProcess() throws Exception {
    assertThat(context.getBeansOfType(SimpleMessageListenerContainer.class)).isEmpty();
    assertThat(context.getBeansOfType(RabbitOutboxDispatcher.class)).isEmpty();
    assertThat(context.getBeansOfType(OutboxDispatcher.class)).hasSize(1);

    HttpClient http = HttpClient.newHttpClient();
    String email = "solo-" + UUID.randomUUID() + "@example.org";
    HttpResponse<String> registered =
        http.send(
            json(
                "/api/auth/register",
                "{\"email\":\""
                    + email
                    + "\",\"password\":\"correct horse battery\",\"name\":\"S\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).isEqualTo(202);
    String token =
        json.readTree(
                http.send(
                        json(
                            "/api/auth/login",
                            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .get("accessToken")
            .asString();

    Multipart multipart =
        new Multipart().field("fps", "3").file("solo.mkv", TestVideos.oneSecond("mkv"));
    HttpResponse<String> uploaded =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/videos"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
    String videoId = json.readTree(uploaded.body()).get("videos").get(0).get("id").asString();

    await().atMost(Duration.ofSeconds(10)).until(() -> !dispatcher.messages.isEmpty());
    OutboxMessage message = dispatcher.messages.get(0);
    assertThat(message.type()).isEqualTo(VideoUploadedEvent.TYPE);
    VideoUploadedEvent event = json.readValue(message.payload(), VideoUploadedEvent.class);
    assertThat(event.videoId().toString()).isEqualTo(videoId);
    assertThat(event.eventId()).isEqualTo(message.eventId());
    assertThat(event.extraction().fps()).isEqualTo(3.0);
    assertThat(event.source())
        .isEqualTo(new ObjectRef(TestServers.UPLOAD_BUCKET, "videos/" + videoId + "/source"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> emlFiles().stream().anyMatch(file -> contains(file, email)));
    Path mail = emlFiles().stream().filter(file -> contains(file, email)).findFirst().orElseThrow();
    assertThat(Files.readString(mail)).contains("/api/videos/" + videoId + "/download");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  private HttpRequest json(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static List<Path> emlFiles() throws Exception {
    if (!Files.isDirectory(MAILBOX)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(MAILBOX)) {
      return files.filter(file -> file.toString().endsWith(".eml")).toList();
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (Exception e) {
      return false;
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("gateway-mailbox");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
