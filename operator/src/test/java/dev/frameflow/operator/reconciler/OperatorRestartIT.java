package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator stopped and started again: the status in the API server is all it needs. */
class OperatorRestartIT {

  @TempDir Path temp;
  MockKubernetes kubernetes;
  InProcessS3 s3;
  TestBroker broker;
  TestKubelet kubelet;
  KubernetesClient client;
  OperatorProperties properties = OperatorFixture.properties(2);
  S3Settings s3Settings;

  @BeforeEach
  void start() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    s3Settings = OperatorFixture.s3(s3);
    broker = TestBroker.connect();
    kubelet =
        TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
            .beforeEachContainer((job, attempt) -> Thread.sleep(300))
            .start();
  }

  @AfterEach
  void stop() {
    kubelet.close();
    broker.close();
    s3.close();
    kubernetes.close();
  }

  @Test
  void aRestartMidRunCreatesNoSecondJobAndPublishesEachOutcomeOnce() {
    List<UUID> videos = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      UUID videoId = UUID.randomUUID();
      videos.add(videoId);
      s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
      client.resource(VideoJobFixtures.videoJob(videoId)).create();
    }
    VideoJobOperator first = start(properties);
    await().atMost(Duration.ofSeconds(30)).until(() -> kubelet.jobsSeen() >= 2);
    first.stop();

    VideoJobOperator second = start(properties);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> publishedCount() == videos.size());
    } finally {
      second.stop();
    }

    assertThat(kubelet.jobsSeen()).as("one Job (uid) per VideoJob").isEqualTo(videos.size());
    assertThat(kubelet.podsStarted()).isEqualTo(videos.size());
    Map<String, Long> perVideo =
        broker.drainOutcomeMessages().stream()
            .collect(Collectors.groupingBy(m -> m.get("videoId").asText(), Collectors.counting()));
    assertThat(perVideo)
        .hasSize(videos.size())
        .allSatisfy((video, count) -> assertThat(count).isOne());
  }

  @Test
  void aCrashBetweenPublishingAndRecordingRepublishesTheSameEvent() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    client.resource(VideoJobFixtures.videoJob(videoId)).create();
    VideoJobOperator first = start(properties);
    await().atMost(Duration.ofSeconds(60)).until(() -> publishedCount() == 1);
    first.stop();
    JsonNode firstEvent = broker.drainOutcomeMessages().get(0);

    // What the API server holds when the operator died after the broker's confirm and before
    // its status patch: the Job is complete, the VideoJob still says Running, nothing recorded.
    client
        .resources(VideoJob.class)
        .withName(VideoJobNames.videoJob(videoId))
        .editStatus(
            v -> {
              v.getStatus().setPhase(Phase.Running);
              v.getStatus().setPublishedEventId(null);
              v.getStatus().setCompletionTime(null);
              return v;
            });

    VideoJobOperator second = start(properties);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> publishedCount() == 1);
    } finally {
      second.stop();
    }

    List<JsonNode> again = broker.drainOutcomeMessages();
    assertThat(again).hasSize(1);
    VideoJob recorded =
        client.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId)).get();
    String expectedId =
        OutcomeEvents.eventId(recorded.getMetadata().getUid(), Phase.Succeeded).toString();
    assertThat(firstEvent.get("eventId").asText()).isEqualTo(expectedId);
    assertThat(again.get(0)).as("the same event, for consumers to drop").isEqualTo(firstEvent);
    assertThat(recorded.getStatus().getPublishedEventId()).isEqualTo(expectedId);
    assertThat(kubelet.jobsSeen()).isEqualTo(1);
  }

  private VideoJobOperator start(OperatorProperties properties) {
    return OperatorFixture.start(client, properties, s3Settings, broker.statusPublisher());
  }

  private long publishedCount() {
    return client.resources(VideoJob.class).list().getItems().stream()
        .filter(v -> v.getStatus() != null && v.getStatus().getPublishedEventId() != null)
        .count();
  }
}
