package dev.frameflow.operator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.operator.config.MessagingProperties;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.operator.videojob.VideoJob;
import dev.frameflow.operator.videojob.VideoJobNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The bridge against a real RabbitMQ and the mock API server. */
@ExtendWith(OutputCaptureExtension.class)
class VideoJobBridgeIT {

  @Test
  void aRedeliveredUploadCreatesOneVideoJobAndBothCopiesAreAcked() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        TestBroker broker = TestBroker.connect()) {
      List<SimpleMessageListenerContainer> bridge = startBridge(kubernetes.client(), broker);
      try {
        UUID videoId = UUID.randomUUID();
        String message = VideoJobFixtures.uploadedMessage(videoId);

        broker.publish("video.uploaded", message);
        broker.publish("video.uploaded", message);

        await().atMost(Duration.ofSeconds(20)).until(() -> videoJob(kubernetes, videoId) != null);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> broker.messageCount(broker.names().uploadedQueue()) == 0);
        assertThat(kubernetes.client().resources(VideoJob.class).list().getItems()).hasSize(1);
        assertThat(broker.messageCount(broker.names().uploadedQueue() + ".dlq")).isZero();
        VideoJob created = videoJob(kubernetes, videoId);
        assertThat(created.getSpec().videoId()).isEqualTo(videoId.toString());
        assertThat(created.getSpec().source().key()).isEqualTo(VideoJobFixtures.sourceKey(videoId));
        assertThat(created.getSpec().extraction().fps()).isEqualTo(2.0);
        assertThat(created.getMetadata().getAnnotations())
            .containsKey(VideoJobBridge.EVENT_ID_ANNOTATION);
      } finally {
        bridge.forEach(SimpleMessageListenerContainer::stop);
      }
    }
  }

  @Test
  void malformedMessagesGoToTheDeadLetterQueueWithTheReasonLogged(CapturedOutput output) {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        TestBroker broker = TestBroker.connect()) {
      List<SimpleMessageListenerContainer> bridge = startBridge(kubernetes.client(), broker);
      try {
        UUID videoId = UUID.randomUUID();
        String valid = VideoJobFixtures.uploadedMessage(videoId);
        broker.publish("video.uploaded", "this is not JSON");
        broker.publish("video.uploaded", valid.replace("\"videoId\": \"" + videoId + "\",", ""));
        broker.publish(
            "video.uploaded", valid.replace("\"intervalSeconds\": null", "\"intervalSeconds\": 5"));
        broker.publish(
            "video.uploaded", valid.replace("\"format\": \"jpeg\"", "\"format\": \"gif\""));
        broker.publish("video.cancelled", "{\"videoId\": \"not-a-uuid\"}");

        String dlq = broker.names().uploadedQueue() + ".dlq";
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.messageCount(dlq) == 4);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> broker.messageCount(broker.names().cancelledQueue() + ".dlq") == 1);
        assertThat(kubernetes.client().resources(VideoJob.class).list().getItems()).isEmpty();
        assertThat(output.getOut() + output.getErr())
            .contains("dead-lettering message")
            .contains("not JSON")
            .contains("videoId must not be null")
            .contains("give either fps or intervalSeconds, not both")
            .contains("extraction.format is not valid")
            .contains("videoId is not valid");
      } finally {
        bridge.forEach(SimpleMessageListenerContainer::stop);
      }
    }
  }

  @Test
  void whileTheApiServerIsDownTheMessageWaitsAndIsNotLost() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (TestBroker broker = TestBroker.connect();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withNamespace(MockKubernetes.NAMESPACE)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build()) {
      VideoJobBridge videoJobs =
          new VideoJobBridge(client, MockKubernetes.NAMESPACE, fastRetry(broker));
      List<SimpleMessageListenerContainer> bridge = startBridge(videoJobs, broker);
      try {
        UUID videoId = UUID.randomUUID();
        broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));
        // several failed attempts, with backoff, then still no dead letter: it waits
        await().atMost(Duration.ofSeconds(20)).until(() -> videoJobs.kubernetesFailures() >= 3);
        assertThat(broker.messageCount(broker.names().uploadedQueue() + ".dlq")).isZero();
        try (MockKubernetes kubernetes = MockKubernetes.start(port)) {
          await().atMost(Duration.ofSeconds(30)).until(() -> videoJob(kubernetes, videoId) != null);
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> broker.messageCount(broker.names().uploadedQueue()) == 0);
        }
      } finally {
        bridge.forEach(SimpleMessageListenerContainer::stop);
      }
    }
  }

  @Test
  void aCancelledVideoJobIsDeletedAndAnUnknownOneIsIgnored() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        TestBroker broker = TestBroker.connect()) {
      List<SimpleMessageListenerContainer> bridge = startBridge(kubernetes.client(), broker);
      try {
        UUID videoId = UUID.randomUUID();
        kubernetes.client().resource(VideoJobFixtures.videoJob(videoId)).create();

        broker.publish("video.cancelled", VideoJobFixtures.cancelledMessage(videoId));
        broker.publish("video.cancelled", VideoJobFixtures.cancelledMessage(UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(20)).until(() -> videoJob(kubernetes, videoId) == null);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> broker.messageCount(broker.names().cancelledQueue()) == 0);
        assertThat(broker.messageCount(broker.names().cancelledQueue() + ".dlq")).isZero();
      } finally {
        bridge.forEach(SimpleMessageListenerContainer::stop);
      }
    }
  }

  private static List<SimpleMessageListenerContainer> startBridge(
      KubernetesClient client, TestBroker broker) {
    return startBridge(
        new VideoJobBridge(client, MockKubernetes.NAMESPACE, fastRetry(broker)), broker);
  }

  private static List<SimpleMessageListenerContainer> startBridge(
      VideoJobBridge bridge, TestBroker broker) {
    List<SimpleMessageListenerContainer> containers =
        BridgeListeners.containers(broker.connections(), bridge.settings(), bridge);
    containers.forEach(SimpleMessageListenerContainer::start);
    return containers;
  }

  private static MessagingProperties fastRetry(TestBroker broker) {
    MessagingProperties names = broker.names();
    return new MessagingProperties(
        names.exchange(),
        names.deadLetterExchange(),
        names.uploadedQueue(),
        names.cancelledQueue(),
        names.prefetch(),
        names.confirmTimeout(),
        Duration.ofMillis(100),
        Duration.ofMillis(500));
  }

  private static VideoJob videoJob(MockKubernetes kubernetes, UUID videoId) {
    return kubernetes
        .client()
        .resources(VideoJob.class)
        .withName(VideoJobNames.videoJob(videoId))
        .get();
  }
}
