package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.operator.bridge.BridgeListeners;
import dev.frameflow.operator.bridge.VideoJobBridge;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorActivity;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * The life of a VideoJob against the mock API server, a real RabbitMQ, an in-process s3proxy and
 * the real extractor run by the test kubelet: from {@code video.uploaded} to {@code video.status}.
 */
class VideoJobLifecycleIT {

  @TempDir static Path temp;
  static MockKubernetes kubernetes;
  static InProcessS3 s3;
  static TestBroker broker;
  static TestKubelet kubelet;
  static VideoJobOperator operator;
  static List<SimpleMessageListenerContainer> bridge;
  static KubernetesClient client;
  static final Map<String, TestKubelet.PodHook> hooks = new ConcurrentHashMap<>();
  static final OperatorActivity activity = new OperatorActivity();

  @BeforeAll
  static void startEverything() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    broker = TestBroker.connect();
    kubelet =
        TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
            // with the store down the operator cannot create a pod's upload: the pod gives up soon
            .withAccessWait(Duration.ofSeconds(5))
            .beforeEachContainer(
                (job, attempt) -> {
                  var hook = hooks.get(job.getMetadata().getName());
                  if (hook != null) {
                    hook.beforeContainerStarts(job, attempt);
                  }
                })
            .start();
    var properties = OperatorFixture.properties(8);
    operator =
        OperatorFixture.start(
            client,
            properties,
            OperatorFixture.s3(s3),
            broker.statusPublisher(),
            new SimpleMeterRegistry(),
            Duration.ofHours(24),
            SlicingPolicy.SPEC_ONLY,
            activity);
    bridge =
        BridgeListeners.containers(
            broker.connections(),
            broker.names(),
            new VideoJobBridge(
                OperatorFixture.asOperator(client),
                kubernetes.namespace(),
                broker.names(),
                broker.statusPublisher()));
    bridge.forEach(SimpleMessageListenerContainer::start);
  }

  @AfterAll
  static void stopEverything() {
    bridge.forEach(SimpleMessageListenerContainer::stop);
    operator.stop();
    kubelet.close();
    broker.close();
    s3.close();
    kubernetes.close();
  }

  @Test
  void anUploadedVideoBecomesAZipOfFramesAndOneStatusEvent() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 2));

    broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));

    VideoJob done = awaitPhase(videoId, Phase.Succeeded);
    var status = done.getStatus();
    assertThat(status.getJobName()).isEqualTo(VideoJobNames.job(videoId));
    assertThat(status.getAttempts()).isEqualTo(1);
    assertThat(status.getStartTime()).isNotBlank();
    assertThat(status.getCompletionTime()).isNotBlank();
    assertThat(status.getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Failed").getStatus()).isEqualTo("False");

    byte[] zip = s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId));
    int entries = jpegEntries(zip);
    assertThat(entries).isGreaterThanOrEqualTo(3); // 2 s at 2 frames per second
    assertThat(status.getResult().frames()).isEqualTo(entries);
    assertThat(status.getFramesWritten()).as("the Frames column, once done").isEqualTo(entries);
    assertThat(status.getResult().bytes()).isEqualTo((long) zip.length);
    assertThat(status.getResult().output().key()).isEqualTo(VideoJobFixtures.outputKey(videoId));

    String eventId = OutcomeEvents.eventId(done.getMetadata().getUid(), Phase.Succeeded).toString();
    assertThat(status.getPublishedEventId()).isEqualTo(eventId);
    List<JsonNode> published = statusMessagesOf(videoId, 1);
    assertThat(published).as("exactly one outcome").hasSize(1);
    JsonNode event = published.get(0);
    List<JsonNode> processing =
        received.stream()
            .filter(m -> m.get("videoId").asText().equals(videoId.toString()))
            .filter(m -> m.get("status").asText().equals("PROCESSING"))
            .toList();
    assertThat(processing)
        .as("PROCESSING once the pod ran, with a percent, never backwards")
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.get("progressPercent").asInt()).isBetween(0, 100));
    assertThat(status.getProgressPercent()).isNotNull();
    assertThat(event.get("eventId").asText()).isEqualTo(eventId);
    assertThat(event.get("type").asText()).isEqualTo("video.status");
    assertThat(event.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(event.get("frames").asInt()).isEqualTo(entries);
    assertThat(event.get("output").get("bucket").asText()).isEqualTo(InProcessS3.RESULTS);
    assertThat(event.get("attempts").asInt()).isEqualTo(1);
    assertThat(event.get("reason").isNull()).isTrue();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(eventReasons(done))
                    .contains("JobCreated", "Succeeded", "StatusPublished"));
    Job job = client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get();
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getUid()).isEqualTo(done.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
  }

  @Test
  void aFileThatIsNotAVideoFailsAtOnceWithoutRetries() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.notAVideo());

    client.resource(VideoJobFixtures.videoJob(videoId)).create();

    VideoJob failed = awaitPhase(videoId, Phase.Failed);
    assertThat(failed.getStatus().getAttempts()).isEqualTo(1);
    Condition reason = condition(failed, "Failed");
    assertThat(reason.getStatus()).isEqualTo("True");
    assertThat(reason.getReason()).isEqualTo("BadInput");
    assertThat(failed.getStatus().getMessage()).isNotBlank().doesNotContain("exit code");
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
    assertThat(podsOf(videoId)).isEqualTo(1);

    JsonNode event = statusMessagesOf(videoId, 1).get(0);
    assertThat(event.get("status").asText()).isEqualTo("FAILED");
    assertThat(event.get("reason").asText()).isEqualTo(failed.getStatus().getMessage());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(eventReasons(failed)).contains("Failed"));
  }

  @Test
  void aSpecNoSchemaCheckedFailsAsInvalidSpecWithoutAJob() {
    // the mock API server enforces no schema, as a cluster with an older CRD might not either
    UUID videoId = UUID.randomUUID();
    var tooFast =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            "{\"fps\": 500}", ExtractionOptions.class);

    client
        .resource(
            VideoJobFixtures.videoJob(
                videoId, VideoJobFixtures.spec(videoId).withExtraction(tooFast)))
        .create();

    VideoJob failed = awaitPhase(videoId, Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("InvalidSpec");
    assertThat(failed.getStatus().getMessage()).startsWith("spec.extraction.fps ");
    assertThat(podsOf(videoId)).isZero();
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(MockKubernetes.NAMESPACE)
                .withName(VideoJobNames.job(videoId))
                .get())
        .isNull();
  }

  @Test
  void aTransientFailureIsRetriedAndThenSucceeds() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    hooks.put(
        VideoJobNames.job(videoId),
        (job, attempt) -> {
          if (attempt == 0) {
            s3.stop(); // S3 unreachable: the extractor exits 1 (transient)
          } else {
            s3.restart();
          }
        });
    try {
      client.resource(VideoJobFixtures.videoJob(videoId)).create();

      VideoJob done = awaitPhase(videoId, Phase.Succeeded);
      assertThat(done.getStatus().getAttempts()).isEqualTo(2);
      assertThat(s3.exists(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId))).isTrue();
      assertThat(statusMessagesOf(videoId, 1).get(0).get("attempts").asInt()).isEqualTo(2);
    } finally {
      hooks.remove(VideoJobNames.job(videoId));
    }
  }

  @Test
  void aJobRunningPastItsDeadlineFails() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    // a slow image pull: the pod does not start within the one-second deadline
    hooks.put(VideoJobNames.job(videoId), (job, attempt) -> Thread.sleep(2_000));
    var spec = VideoJobFixtures.spec(videoId);
    var withDeadline = spec.withDeadlineAndRetries(1L, 3);
    try {
      client.resource(VideoJobFixtures.videoJob(videoId, withDeadline)).create();

      VideoJob failed = awaitPhase(videoId, Phase.Failed);
      assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
      assertThat(failed.getStatus().getMessage()).contains("deadline exceeded", "1 s");
      assertThat(podsOf(videoId)).as("no retry after the deadline").isEqualTo(1);
      assertThat(statusMessagesOf(videoId, 1).get(0).get("status").asText()).isEqualTo("FAILED");
    } finally {
      hooks.remove(VideoJobNames.job(videoId));
    }
  }

  @Test
  void aSpecChangedAfterTheJobStartedIsReportedNotApplied() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    CountDownLatch release = new CountDownLatch(1);
    hooks.put(VideoJobNames.job(videoId), (job, attempt) -> release.await(30, TimeUnit.SECONDS));
    try {
      client.resource(VideoJobFixtures.videoJob(videoId)).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> phase(videoId) == Phase.Pending);

      client
          .resources(VideoJob.class)
          .withName(VideoJobNames.videoJob(videoId))
          .edit(
              v -> {
                var s = v.getSpec();
                v.setSpec(s.withDeadlineAndRetries(600L, 5));
                return v;
              });

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> conditionOrNull(get(videoId), "SpecChangeIgnored") != null);
      Job job = client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get();
      assertThat(job.getSpec().getBackoffLimit()).as("the Job is never updated").isEqualTo(2);
      assertThat(condition(get(videoId), "SpecChangeIgnored").getStatus()).isEqualTo("True");
    } finally {
      release.countDown();
      hooks.remove(VideoJobNames.job(videoId));
    }
    awaitPhase(videoId, Phase.Succeeded);
  }

  @Test
  void aCancelledVideoDeletesItsVideoJobJobAndPods() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    CountDownLatch release = new CountDownLatch(1);
    hooks.put(VideoJobNames.job(videoId), (job, attempt) -> release.await(30, TimeUnit.SECONDS));
    try {
      broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));
      await().atMost(Duration.ofSeconds(30)).until(() -> podsOf(videoId) == 1);

      broker.publish("video.cancelled", VideoJobFixtures.cancelledMessage(videoId));

      await().atMost(Duration.ofSeconds(30)).until(() -> get(videoId) == null);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get() == null);
      await().atMost(Duration.ofSeconds(30)).until(() -> podsOf(videoId) == 0);
    } finally {
      release.countDown();
      hooks.remove(VideoJobNames.job(videoId));
    }
    assertThat(outcomesOnceDeletionHandled(videoId))
        .as("a cancelled video has no outcome")
        .isEmpty();
    assertThat(received)
        .as("nor any other status event")
        .noneMatch(m -> m.get("videoId").asText().equals(videoId.toString()));
  }

  @Test
  void aFinishedVideoJobIsDeletedOnceItsOutcomeIsPublishedAndItsTtlPassed() throws Exception {
    UUID videoId = UUID.randomUUID();
    UUID keptId = UUID.randomUUID();
    for (UUID id : List.of(videoId, keptId)) {
      s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(id), TestVideos.mp4(temp, 1));
    }
    client
        .resource(
            VideoJobFixtures.videoJob(
                videoId, VideoJobFixtures.spec(videoId).withTtlSecondsAfterFinished(1L)))
        .create();
    client.resource(VideoJobFixtures.videoJob(keptId)).create(); // the default: 24 h

    List<JsonNode> outcome = statusMessagesOf(videoId, 1);
    assertThat(outcome.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    await().atMost(Duration.ofSeconds(30)).until(() -> get(videoId) == null);
    assertThat(outcomesOnceDeletionHandled(videoId))
        .as("deleting it publishes nothing more")
        .hasSize(1);
    VideoJob kept = awaitPhase(keptId, Phase.Succeeded);
    assertThat(kept.getStatus().getPublishedEventId()).isNotNull();
    assertThat(get(keptId)).as("kept until its TTL").isNotNull();
  }

  @Test
  void aVideoJobDeletedByHandBeforeFinishingReportsItsVideoFailed() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    CountDownLatch release = new CountDownLatch(1);
    hooks.put(VideoJobNames.job(videoId), (job, attempt) -> release.await(30, TimeUnit.SECONDS));
    try {
      broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));
      await().atMost(Duration.ofSeconds(30)).until(() -> podsOf(videoId) == 1);

      client.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId)).delete();

      List<JsonNode> outcomes = statusMessagesOf(videoId, 1);
      assertThat(outcomes).hasSize(1);
      assertThat(outcomes.get(0).get("status").asText()).isEqualTo("FAILED");
      assertThat(outcomes.get(0).get("reason").asText())
          .isEqualTo(dev.frameflow.contracts.result.FailureReason.STOPPED.text());
    } finally {
      release.countDown();
      hooks.remove(VideoJobNames.job(videoId));
    }
  }

  @Test
  void aJobTheApiServerRefusesMarksTheVideoJobFailedWithTheReasonForOperatorsOnly()
      throws Exception {
    UUID videoId = UUID.randomUUID();
    kubernetes
        .server()
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/" + kubernetes.namespace() + "/jobs")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("exceeded quota: compute-resources, requested: limits.cpu=2")
                .build())
        .once();

    broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));

    VideoJob failed = awaitPhase(videoId, Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("JobRefused");
    assertThat(failed.getStatus().getMessage()).contains("exceeded quota");
    List<JsonNode> outcomes = statusMessagesOf(videoId, 1);
    assertThat(outcomes.get(0).get("status").asText()).isEqualTo("FAILED");
    // the quota is the operators' business (the VideoJob's message); the owner reads the catalogue
    assertThat(outcomes.get(0).get("reason").asText())
        .isEqualTo(dev.frameflow.contracts.result.FailureReason.INTERNAL.text());
  }

  @Test
  void aMalformedUploadIsDeadLetteredWithAFailedOutcome() throws Exception {
    UUID videoId = UUID.randomUUID();
    String broken =
        VideoJobFixtures.uploadedMessage(videoId).replace("\"fps\": 2.0", "\"fps\": 500.0");

    broker.publish("video.uploaded", broken);

    List<JsonNode> outcomes = statusMessagesOf(videoId, 1);
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).get("status").asText()).isEqualTo("FAILED");
    assertThat(outcomes.get(0).get("reason").asText())
        .isEqualTo(dev.frameflow.contracts.result.FailureReason.NOT_STARTED.text());
    assertThat(get(videoId)).isNull();
  }

  // --- helpers

  private static final List<JsonNode> received = new ArrayList<>();

  /**
   * The outcome events (SUCCEEDED, FAILED) of one video, after waiting for {@code expected} of
   * them; its PROCESSING and QUEUED events stay in {@link #received}.
   */
  static synchronized List<JsonNode> statusMessagesOf(UUID videoId, int expected) {
    List<JsonNode> mine = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              received.addAll(broker.drainStatusMessages());
              mine.clear();
              received.stream()
                  .filter(m -> m.get("videoId").asText().equals(videoId.toString()))
                  .filter(m -> List.of("SUCCEEDED", "FAILED").contains(m.get("status").asText()))
                  .forEach(mine::add);
              return mine.size() >= expected;
            });
    return mine;
  }

  /**
   * All the outcome events one video will ever have, its VideoJob being deleted: read once the
   * operator has handled that deletion and the broker holds whatever outcome it owed.
   */
  static List<JsonNode> outcomesOnceDeletionHandled(UUID videoId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> activity.deletionHandled(VideoJobNames.videoJob(videoId)));
    return statusMessagesOf(videoId, 0);
  }

  static VideoJob awaitPhase(UUID videoId, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              VideoJob v = get(videoId);
              return v != null
                  && v.getStatus() != null
                  && v.getStatus().getPhase() == phase
                  && (!phase.isFinal() || v.getStatus().getPublishedEventId() != null);
            });
    return get(videoId);
  }

  static VideoJob get(UUID videoId) {
    return client.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId)).get();
  }

  static Phase phase(UUID videoId) {
    VideoJob v = get(videoId);
    return v == null || v.getStatus() == null ? null : v.getStatus().getPhase();
  }

  static Condition condition(VideoJob videoJob, String type) {
    Condition c = conditionOrNull(videoJob, type);
    assertThat(c).as("condition " + type).isNotNull();
    return c;
  }

  static Condition conditionOrNull(VideoJob videoJob, String type) {
    return videoJob.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  static int podsOf(UUID videoId) {
    return client
        .pods()
        .withLabel(MetadataKeys.VIDEO_ID, videoId.toString())
        .list()
        .getItems()
        .size();
  }

  static List<String> eventReasons(VideoJob videoJob) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> videoJob.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .map(Event::getReason)
        .toList();
  }

  static int jpegEntries(byte[] zip) throws Exception {
    int count = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.getName().endsWith(".jpg") || entry.getName().endsWith(".jpeg")) {
          count++;
        }
      }
    }
    return count;
  }
}
