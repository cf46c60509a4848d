package dev.frameflow.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The outbox keeps its promise while the broker misbehaves. */
class OutboxReliabilityIT extends GatewayIntegrationTest {

  private static final int UPLOADS = 200;

  @Autowired JdbcClient jdbc;

  @Test
  void twoHundredConcurrentUploadsWhileConnectionsAreKilledYieldTwoHundredEvents() {
    String token = login(newUser());
    purgeProbe();
    byte[] video = TestVideos.oneSecond("mp4");

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      Multipart multipart = new Multipart().file("burst-" + i + ".mp4", video);
      responses.add(
          http.sendAsync(
              HttpRequest.newBuilder(url("/api/videos"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", multipart.contentType())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
      if (i == 20 || i == 120) {
        // the fault hits while uploads are still arriving and the relay is publishing
        CompletableFuture.runAsync(TestServers::closeAllRabbitConnections);
      }
    }
    Set<String> videoIds = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      videoIds.add(body(response).get("videos").get(0).get("id").asString());
    }
    assertThat(videoIds).hasSize(UPLOADS);
    TestServers.closeAllRabbitConnections();

    Map<String, Set<String>> eventIdsByVideo = new HashMap<>();
    int received = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (eventIdsByVideo.size() < UPLOADS && System.nanoTime() < deadline) {
      for (JsonNode message : takeFromProbe(50, Duration.ofSeconds(1))) {
        String videoId = message.get("videoId").asString();
        if (videoIds.contains(videoId)) {
          assertThat(message.get("type").asString()).isEqualTo("video.uploaded");
          eventIdsByVideo
              .computeIfAbsent(videoId, id -> new HashSet<>())
              .add(message.get("eventId").asString());
          received++;
        }
      }
    }
    // drain a little longer: nothing more may arrive for these videos
    for (JsonNode message : takeFromProbe(1000, Duration.ofSeconds(2))) {
      if (videoIds.contains(message.get("videoId").asString())) {
        eventIdsByVideo
            .get(message.get("videoId").asString())
            .add(message.get("eventId").asString());
        received++;
      }
    }
    assertThat(eventIdsByVideo).hasSize(UPLOADS);
    assertThat(eventIdsByVideo.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    System.out.printf(
        "[outbox burst] %d uploads, %d distinct video.uploaded events, %d deliveries%n",
        UPLOADS, eventIdsByVideo.size(), received);
    // publisher confirms are at least once: a confirm lost with a killed connection is
    // re-published under the same eventId (consumers de-duplicate); nothing else may repeat
    assertThat(received).isBetween(UPLOADS, UPLOADS + 4);
    assertThat(unsentFor(videoIds)).isZero();
  }

  @Test
  void anEventNoQueueIsBoundForStaysUnsentAndIsRetriedUntilRouted() {
    String token = login(newUser());
    RabbitAdmin admin = new RabbitAdmin(rabbitConnectionFactory);
    Binding probeBinding =
        BindingBuilder.bind(new Queue(PROBE_QUEUE))
            .to(new TopicExchange(EXCHANGE))
            .with("video.uploaded");
    admin.removeBinding(probeBinding);
    UUID videoId;
    try {
      videoId = uploadVideo(token);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  jdbc.sql(
                              "select count(*) from outbox where video_id = ? and sent_at is null"
                                  + " and attempts >= 2 and last_error like '%no queue is bound%'")
                          .param(videoId)
                          .query(Long.class)
                          .single()
                      == 1);
    } finally {
      admin.declareBinding(probeBinding);
    }
    assertThat(takeFromProbeFor(videoId, 1, Duration.ofSeconds(15))).hasSize(1);
    // the row is marked sent right after the broker's confirm
    await().atMost(Duration.ofSeconds(5)).until(() -> unsentFor(Set.of(videoId.toString())) == 0);
  }

  private long unsentFor(Set<String> videoIds) {
    return jdbc.sql(
            "select count(*) from outbox where sent_at is null and video_id::text in (:ids)")
        .param("ids", videoIds)
        .query(Long.class)
        .single();
  }
}
