package dev.frameflow.operator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
        // the upload's size reaches the spec: the probe decision reads it
        assertThat(created.getSpec().sourceSizeBytes()).isEqualTo(12345L);
        assertThat(created.getMetadata().getAnnotations())
            .containsKey(MetadataKeys.UPLOADED_EVENT_ID);
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

  @Test
  void aCancelThatOvertakesItsUploadIsRememberedAcrossARestartOfTheOperator() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        TestBroker broker = TestBroker.connect()) {
      UUID cancelled = UUID.randomUUID();
      // the first operator process: receives the cancel only, then stops
      try (KubernetesClient first = kubernetes.newClient()) {
        List<SimpleMessageListenerContainer> bridge = startBridge(first, broker);
        try {
          broker.publish("video.cancelled", VideoJobFixtures.cancelledMessage(cancelled));
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> broker.messageCount(broker.names().cancelledQueue()) == 0);
        } finally {
          bridge.forEach(SimpleMessageListenerContainer::stop);
        }
      }
      var tombstone =
          kubernetes.client().configMaps().withName(CancelTombstones.shardName(cancelled)).get();
      assertThat(tombstone).as("the cancel is written down in the namespace").isNotNull();
      assertThat(tombstone.getMetadata().getLabels())
          .containsEntry(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED);
      assertThat(tombstone.getData()).containsKey(cancelled.toString());

      // a new process, nothing in memory: the late upload creates nothing, another one does
      try (KubernetesClient second = kubernetes.newClient()) {
        List<SimpleMessageListenerContainer> bridge = startBridge(second, broker);
        try {
          UUID other = UUID.randomUUID();
          broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(cancelled));
          broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(other));
          await().atMost(Duration.ofSeconds(20)).until(() -> videoJob(kubernetes, other) != null);
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> broker.messageCount(broker.names().uploadedQueue()) == 0);
          assertThat(videoJob(kubernetes, cancelled)).as("no VideoJob, so no Job").isNull();
          assertThat(kubernetes.client().batch().v1().jobs().list().getItems()).isEmpty();
          assertThat(broker.messageCount(broker.names().uploadedQueue() + ".dlq")).isZero();
        } finally {
          bridge.forEach(SimpleMessageListenerContainer::stop);
        }
      }
    }
  }

  @Test
  void tombstonesAreDeletedOnceTheirTtlHasPassedAndNothingElseIs() {
    try (MockKubernetes kubernetes = MockKubernetes.start()) {
      Instant t0 = Instant.parse("2026-11-29T00:00:00Z");
      Duration ttl = Duration.ofDays(7);
      UUID old = UUID.randomUUID();
      UUID recent = UUID.randomUUID();
      UUID legacyOld = UUID.randomUUID();
      // the tombstones as the operator keeps them: with its ServiceAccount, under its RBAC
      KubernetesClient operator = kubernetes.operatorClient();
      new CancelTombstones(operator, kubernetes.namespace(), ttl, Clock.fixed(t0, ZoneOffset.UTC))
          .record(old);
      CancelTombstones later =
          new CancelTombstones(
              operator,
              kubernetes.namespace(),
              ttl,
              Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC));
      later.record(recent);
      // one written by an earlier release, one ConfigMap per cancel
      kubernetes.client().configMaps().resource(legacyTombstone(legacyOld, t0)).create();
      kubernetes
          .client()
          .configMaps()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("not-a-tombstone")
                  .endMetadata()
                  .build())
          .create();
      CancelTombstones fresh =
          new CancelTombstones(operator, kubernetes.namespace(), ttl, Clock.systemUTC());
      assertThat(fresh.isCancelled(legacyOld)).as("an earlier release's is honoured").isTrue();

      assertThat(later.sweep(t0.plus(ttl).minusSeconds(1))).isZero();
      assertThat(later.sweep(t0.plus(ttl))).isEqualTo(2);

      fresh = new CancelTombstones(operator, kubernetes.namespace(), ttl, Clock.systemUTC());
      assertThat(fresh.isCancelled(old)).as("swept").isFalse();
      assertThat(fresh.isCancelled(legacyOld)).as("swept").isFalse();
      assertThat(fresh.isCancelled(recent)).as("still within its TTL").isTrue();
      assertThat(kubernetes.client().configMaps().withName("not-a-tombstone").get()).isNotNull();
      assertThat(kubernetes.client().configMaps().withName(CancelTombstones.legacyName(legacyOld)))
          .extracting(r -> r.get())
          .isNull();
    }
  }

  @Test
  void manyCancelsLeaveAFixedSetOfConfigMapsEachHoldingManyIds() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        KubernetesClient operator = kubernetes.operatorClient()) {
      CancelTombstones tombstones =
          new CancelTombstones(
              operator, kubernetes.namespace(), Duration.ofDays(7), Clock.systemUTC());
      List<UUID> cancelled = new java.util.ArrayList<>();
      for (int i = 0; i < 300; i++) {
        UUID video = UUID.randomUUID();
        tombstones.record(video);
        cancelled.add(video);
      }

      List<ConfigMap> stored =
          kubernetes
              .client()
              .configMaps()
              .withLabel(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
              .list()
              .getItems();
      assertThat(stored).hasSizeLessThanOrEqualTo(32);
      assertThat(stored.stream().mapToLong(c -> ids(c).size()).sum()).isEqualTo(300);
      CancelTombstones fresh =
          new CancelTombstones(
              operator, kubernetes.namespace(), Duration.ofDays(7), Clock.systemUTC());
      assertThat(cancelled).allMatch(fresh::isCancelled);
      assertThat(fresh.isCancelled(UUID.randomUUID())).isFalse();
    }
  }

  @Test
  void aFullConfigMapDropsItsOldestIds() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        KubernetesClient operator = kubernetes.operatorClient()) {
      Instant t0 = Instant.parse("2026-11-29T00:00:00Z");
      // ids that all land in the same ConfigMap, cancelled a minute apart
      List<UUID> sameShard = new java.util.ArrayList<>();
      while (sameShard.size() < 8) {
        UUID video = UUID.randomUUID();
        if (CancelTombstones.shardName(video).endsWith("-07")) {
          sameShard.add(video);
        }
      }
      for (int i = 0; i < sameShard.size(); i++) {
        new CancelTombstones(
                operator,
                kubernetes.namespace(),
                Duration.ofDays(7),
                5,
                CancelTombstones.SWEEP_PAGE,
                Clock.fixed(t0.plus(Duration.ofMinutes(i)), ZoneOffset.UTC))
            .record(sameShard.get(i));
      }

      ConfigMap shard =
          kubernetes
              .client()
              .configMaps()
              .withName(CancelTombstones.shardName(sameShard.get(0)))
              .get();
      assertThat(ids(shard))
          .containsExactlyInAnyOrderElementsOf(
              sameShard.subList(3, 8).stream().map(UUID::toString).toList());
    }
  }

  @Test
  void theSweepListsTheTombstonesAPageAtATime() throws Exception {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        KubernetesClient operator = kubernetes.operatorClient()) {
      Instant t0 = Instant.parse("2026-11-29T00:00:00Z");
      List<ConfigMap> legacy = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        legacy.add(
            kubernetes
                .client()
                .configMaps()
                .resource(legacyTombstone(UUID.randomUUID(), t0))
                .create());
      }
      // a real API server answers a page and a continue token; the mock server does not page,
      // so the first page is staged and the rest comes from its store
      String collection = "/api/v1/namespaces/" + kubernetes.namespace() + "/configmaps";
      String selector =
          "labelSelector="
              + java.net.URLEncoder.encode(
                  MetadataKeys.TOMBSTONE + "=" + MetadataKeys.TOMBSTONE_CANCELLED,
                  java.nio.charset.StandardCharsets.UTF_8);
      String base = collection + "?" + selector;
      kubernetes
          .server()
          .expect()
          .get()
          .withPath(base + "&limit=2")
          .andReturn(
              200,
              new io.fabric8.kubernetes.api.model.ConfigMapListBuilder()
                  .withNewMetadata()
                  .withContinue("page-2")
                  .endMetadata()
                  .withItems(legacy.subList(0, 2))
                  .build())
          .once();
      int before = kubernetes.server().getRequestCount();

      int forgotten =
          new CancelTombstones(
                  operator, kubernetes.namespace(), Duration.ofDays(7), 100, 2, Clock.systemUTC())
              .sweep(t0.plus(Duration.ofDays(8)));

      List<String> lists = new java.util.ArrayList<>();
      int requests = kubernetes.server().getRequestCount();
      for (int i = 0; i < requests; i++) {
        var request = kubernetes.server().takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
        if (i >= before
            && request != null
            && "GET".equals(request.getMethod())
            && request.getPath().startsWith(collection + "?")
            && request.getPath().contains(selector)) {
          lists.add(request.getPath());
        }
      }
      assertThat(lists)
          .as("every list asks for a page")
          .isNotEmpty()
          .allMatch(path -> path.contains("limit=2"));
      assertThat(lists).anyMatch(path -> path.contains("continue=page-2"));
      assertThat(forgotten).isEqualTo(3);
      assertThat(
              kubernetes
                  .client()
                  .configMaps()
                  .withLabel(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
                  .list()
                  .getItems())
          .isEmpty();
    }
  }

  // the ids a shard holds: fabric8's mock server keeps a key a merge patch set to null (the API
  // server removes it)
  private static java.util.Set<String> ids(ConfigMap shard) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    shard
        .getData()
        .forEach(
            (id, at) -> {
              if (at != null) {
                ids.add(id);
              }
            });
    return ids;
  }

  private static ConfigMap legacyTombstone(UUID videoId, Instant cancelledAt) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(CancelTombstones.legacyName(videoId))
        .addToLabels(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
        .addToLabels(MetadataKeys.VIDEO_ID, videoId.toString())
        .endMetadata()
        .addToData("cancelledAt", cancelledAt.toString())
        .build();
  }

  private static List<SimpleMessageListenerContainer> startBridge(
      KubernetesClient client, TestBroker broker) {
    // the bridge runs in the operator, with its ServiceAccount: under its RBAC
    return startBridge(
        new VideoJobBridge(
            OperatorFixture.asOperator(client), MockKubernetes.NAMESPACE, fastRetry(broker)),
        broker);
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
