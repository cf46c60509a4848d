package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.operator.job.JobAdmission;
import dev.frameflow.operator.slicing.SlicingPolicy;
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
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission handed to Kueue (issue 28, item 4), on the mock API server with the test kubelet, which
 * like the Job controller runs no pod of a suspended Job. The test plays Kueue: it lifts a Job's
 * suspension to admit it, and suspends it again (clearing its start) to preempt it. The operator
 * creates every Job at once, suspended and labelled with the LocalQueue, whatever its own cap; a
 * VideoJob stays Queued, and keeps sending QUEUED heartbeats, until Kueue admits its Job; then it
 * runs to Succeeded, with an {@code Admitted} Event.
 */
class KueueAdmissionIT {

  static final String QUEUE = "frameflow-videos";
  static final int CAP = 1;
  static final Duration HEARTBEAT = Duration.ofSeconds(1);

  @TempDir Path temp;

  @Test
  void aSuspendedJobRunsOnlyOnceKueueAdmitsItAndItsVideoKeepsSayingItWaits() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect();
        TestKubelet kubelet = TestKubelet.forS3(client(kubernetes), s3, temp.resolve("kubelet"))) {
      KubernetesClient client = kubernetes.client();
      kubelet.start();
      UUID first = UUID.randomUUID();
      UUID second = UUID.randomUUID();
      for (UUID video : List.of(first, second)) {
        s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(video), TestVideos.mp4(temp, 1));
        client.resource(VideoJobFixtures.videoJob(video)).create();
      }
      var operator = start(client, s3, broker);
      List<JsonNode> messages = new ArrayList<>();
      try {
        // both Jobs exist at once although the built-in cap is 1: Kueue decides, not the cap (in
        // whichever order the two VideoJobs are reconciled)
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> jobOf(client, first) != null && jobOf(client, second) != null);
        for (UUID video : List.of(first, second)) {
          Job job = jobOf(client, video);
          assertThat(job.getSpec().getSuspend()).as("created suspended").isTrue();
          assertThat(job.getMetadata().getLabels())
              .containsEntry(JobAdmission.QUEUE_NAME_LABEL, QUEUE);
        }
        // several heartbeats each while suspended: no false timeout at the gateway
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  messages.addAll(broker.drainStatusMessages());
                  return queued(messages, first) >= 3 && queued(messages, second) >= 3;
                });
        assertThat(kubelet.podsStarted()).as("no pod runs before Kueue admits").isZero();
        assertThat(client.pods().list().getItems()).isEmpty();
        assertThat(videoJob(client, first).getStatus().getPhase()).isEqualTo(Phase.Queued);
        assertThat(videoJob(client, first).getStatus().getMessage())
            .isEqualTo(
                "waiting for Kueue to admit Job "
                    + VideoJobNames.job(first)
                    + " (LocalQueue "
                    + QUEUE
                    + ")");
        assertThat(messagesOf(messages, first))
            .filteredOn(m -> m.get("status").asText().equals("QUEUED"))
            .as("Kueue keeps the order: no standing is claimed")
            .allMatch(m -> m.get("queue") == null || m.get("queue").isNull());

        admit(client, first);
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> videoJob(client, first).getStatus().getPhase() == Phase.Succeeded);
        assertThat(kubelet.podsStarted()).as("the second is still suspended").isEqualTo(1);
        assertThat(videoJob(client, second).getStatus().getPhase()).isEqualTo(Phase.Queued);
        assertThat(eventMessages(client, first, "Admitted"))
            .singleElement()
            .asString()
            .contains("by Kueue (LocalQueue " + QUEUE + ")");

        admit(client, second);
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> videoJob(client, second).getStatus().getPhase() == Phase.Succeeded);
        messages.addAll(broker.drainStatusMessages());
      } finally {
        operator.stop();
      }
      assertThat(messages)
          .filteredOn(m -> m.get("status").asText().equals("SUCCEEDED"))
          .extracting(m -> m.get("videoId").asText())
          .containsExactlyInAnyOrder(first.toString(), second.toString());
    }
  }

  @Test
  void aJobKueueSuspendsAgainIsWaitingAgainAndRunsWhenReadmitted() {
    try (MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect()) {
      KubernetesClient client = kubernetes.client();
      UUID video = UUID.randomUUID();
      java.util.concurrent.atomic.AtomicBoolean preempted =
          new java.util.concurrent.atomic.AtomicBoolean();
      // Kueue preempts the Job while its first pod starts, once the operator has seen it start
      TestKubelet kubelet =
          TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
              .withPodStartDelay(Duration.ofMillis(500))
              .beforeEachContainer(
                  (job, attempt) -> {
                    if (preempted.compareAndSet(false, true)) {
                      await()
                          .atMost(Duration.ofSeconds(30))
                          .until(
                              () ->
                                  videoJob(client, video).getStatus().getPhase() == Phase.Pending);
                      preempt(client, video);
                    }
                  });
      try (kubelet) {
        kubelet.start();
        s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(video), TestVideos.mp4(temp, 1));
        client.resource(VideoJobFixtures.videoJob(video)).create();
        var operator = start(client, s3, broker);
        try {
          await().atMost(Duration.ofSeconds(30)).until(() -> jobOf(client, video) != null);
          admit(client, video);
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      videoJob(client, video).getStatus().getPhase() == Phase.Queued
                          && String.valueOf(videoJob(client, video).getStatus().getMessage())
                              .startsWith("suspended by Kueue (preempted or evicted)"));
          // the Job controller deletes the preempted pod
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> client.pods().list().getItems().isEmpty());
          assertThat(videoJob(client, video).getStatus().getStartTime()).isNull();
          broker.drainStatusMessages();
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> queued(broker.drainStatusMessages(), video) >= 1);

          admit(client, video);
          await()
              .atMost(Duration.ofMinutes(1))
              .until(() -> videoJob(client, video).getStatus().getPhase() == Phase.Succeeded);
        } finally {
          operator.stop();
        }
        assertThat(eventMessages(client, video, "Admitted")).hasSize(2);
        assertThat(kubelet.podsStarted()).as("only the readmitted pod ran").isEqualTo(1);
      }
    }
  }

  private static KubernetesClient client(MockKubernetes kubernetes) {
    return kubernetes.client();
  }

  private static VideoJobOperator start(
      KubernetesClient client, InProcessS3 s3, TestBroker broker) {
    return OperatorFixture.start(
        client,
        OperatorFixture.properties(CAP),
        OperatorFixture.s3(s3),
        broker.statusPublisher(),
        new SimpleMeterRegistry(),
        new VideoJobReconciler.Settings(
            Duration.ofHours(24),
            SlicingPolicy.SPEC_ONLY,
            Duration.ofMinutes(30),
            new FairShare(CAP),
            HEARTBEAT,
            JobAdmission.kueue(QUEUE)),
        null);
  }

  /** Kueue admits the workload: it lifts the Job's suspension. */
  private static void admit(KubernetesClient client, UUID video) {
    asKueue(() -> job(client, video).edit(j -> suspend(j, false)));
  }

  /** Kueue preempts it: suspended again, and its start cleared (Kueue's own step). */
  private static void preempt(KubernetesClient client, UUID video) {
    asKueue(() -> job(client, video).edit(j -> suspend(j, true)));
    asKueue(
        () ->
            job(client, video)
                .editStatus(
                    j -> {
                      j.getStatus().setStartTime(null);
                      return j;
                    }));
  }

  private static io.fabric8.kubernetes.client.dsl.ScalableResource<Job> job(
      KubernetesClient client, UUID video) {
    return client.batch().v1().jobs().withName(VideoJobNames.job(video));
  }

  private static Job suspend(Job job, boolean suspend) {
    job.getSpec().setSuspend(suspend);
    return job;
  }

  /**
   * Kueue's controller updates with optimistic locking and retries a conflict (the Job controller
   * writes the same Job's status meanwhile).
   */
  private static void asKueue(Runnable update) {
    for (int attempt = 1; ; attempt++) {
      try {
        update.run();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static Job jobOf(KubernetesClient client, UUID video) {
    return client.batch().v1().jobs().withName(VideoJobNames.job(video)).get();
  }

  private static VideoJob videoJob(KubernetesClient client, UUID video) {
    return client.resources(VideoJob.class).withName(VideoJobNames.videoJob(video)).get();
  }

  private static long queued(List<JsonNode> messages, UUID video) {
    return messagesOf(messages, video).stream()
        .filter(m -> m.get("status").asText().equals("QUEUED"))
        .count();
  }

  private static List<JsonNode> messagesOf(List<JsonNode> messages, UUID video) {
    return messages.stream()
        .filter(m -> m.get("videoId").asText().equals(video.toString()))
        .toList();
  }

  private static List<String> eventMessages(KubernetesClient client, UUID video, String reason) {
    String uid = videoJob(client, video).getMetadata().getUid();
    return client.v1().events().list().getItems().stream()
        .filter(e -> uid.equals(e.getInvolvedObject().getUid()))
        .filter(e -> reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }
}
