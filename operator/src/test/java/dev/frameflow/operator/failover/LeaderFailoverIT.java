package dev.frameflow.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.reconciler.LeaseProperties;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.reconciler.VideoJobReconciler;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TcpRelay;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operator replicas with leader election on, each with its own connection to one API server
 * (the mock, whose Lease updates conflict on a stale resourceVersion as kube-apiserver's do) and
 * the operator ServiceAccount's token, so its RBAC applies. The leader is killed in the middle of a
 * burst of 100 VideoJobs: its network is cut first (it can neither finish a request nor release the
 * Lease), then its process ends. The stand-by must take the Lease within the lease duration and the
 * renew deadline, create no second Job for any VideoJob, and bring every VideoJob to Succeeded with
 * one outcome event per video (a repeat, if the old leader's confirm and the new one's publish
 * overlap, carries the same eventId, which the api-gateway drops: {@code ApiFlowIT}: a repeated
 * SUCCEEDED is DUPLICATE, one email).
 *
 * <p>The awaits let uncaught exceptions be: the killed leader's threads throw as it dies.
 */
class LeaderFailoverIT {

  static final int VIDEOS = 100;
  static final String LEASE = "frameflow-operator";

  /**
   * Short, in about the proportions of production's 15 s / 10 s / 2 s; not shorter: on a loaded
   * build machine a leader with a 3 s lease missed its renewals before it was killed.
   */
  static LeaseProperties lease(String holder) {
    return new LeaseProperties(
        Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1), holder);
  }

  @TempDir Path temp;
  MockKubernetes kubernetes;
  InProcessS3 s3;
  TestBroker broker;
  TestKubelet kubelet;
  KubernetesClient admin;
  S3Settings s3Settings;
  TcpRelay service;
  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() {
    kubernetes = MockKubernetes.start();
    admin = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    s3Settings = OperatorFixture.s3(s3);
    broker = TestBroker.connect();
    kubelet = TestKubelet.forS3(admin, s3, temp.resolve("kubelet")).start();
    // the operator's Service: pods reach whichever replica is up (both serve /access)
    service = TcpRelay.to();
  }

  @AfterEach
  void stop() throws Exception {
    List<AutoCloseable> reversed = new ArrayList<>(toClose);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      c.close();
    }
    service.close();
    kubelet.close();
    broker.close();
    s3.close();
    kubernetes.close();
  }

  @Test
  void theStandByTakesOverMidBurstWithNoSecondJobAndOneOutcomePerVideo() throws Exception {
    Path video = TestVideos.mp4(temp, 1);
    List<UUID> videos = new ArrayList<>();
    for (int i = 0; i < VIDEOS; i++) {
      UUID videoId = UUID.randomUUID();
      videos.add(videoId);
      s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), video);
    }

    Replica a = replica("operator-a");
    await().atMost(Duration.ofSeconds(20)).until(() -> "operator-a".equals(holder()));
    Replica b = replica("operator-b");

    for (UUID videoId : videos) {
      admin.resource(VideoJobFixtures.videoJob(videoId)).create();
    }
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> kubelet.jobsSeen() >= VIDEOS * 3 / 10);
    int jobsBeforeKill = kubelet.jobsSeen();

    Instant killed = Instant.now();
    a.kill();
    assertThat(holder()).as("a killed leader releases nothing").isEqualTo("operator-a");
    // what the dead leader left: outcomes on the broker, and recorded on VideoJobs
    List<JsonNode> outcomes = new ArrayList<>(broker.drainOutcomeMessages());
    int outcomesBeforeKill = outcomes.size();
    long recordedBeforeKill = published();
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> "operator-b".equals(holder()));
    Duration takeover = Duration.between(killed, Instant.now());

    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> succeeded() == VIDEOS);
    int jobsAtTheEnd = kubelet.jobsSeen();
    // an outcome confirmed by the broker is on the status queue; give stragglers a moment
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              outcomes.addAll(broker.drainOutcomeMessages());
              return outcomes.stream().map(m -> m.get("videoId").asText()).distinct().count()
                  == VIDEOS;
            });
    outcomes.addAll(broker.drainOutcomeMessages());
    b.stop();

    LeaseProperties configured = lease("operator-b");
    System.out.printf(
        "failover: leader killed after %d of %d Jobs; Lease taken over after %d ms (lease %d ms,"
            + " renew deadline %d ms, retry %d ms); %d Jobs in all; %d outcome messages for %d"
            + " videos (%d on the broker and %d recorded on VideoJobs when the leader was"
            + " killed)%n",
        jobsBeforeKill,
        VIDEOS,
        takeover.toMillis(),
        configured.duration().toMillis(),
        configured.renewDeadline().toMillis(),
        configured.retryPeriod().toMillis(),
        jobsAtTheEnd,
        outcomes.size(),
        VIDEOS,
        outcomesBeforeKill,
        recordedBeforeKill);

    assertThat(takeover)
        .as("taken over within the lease duration and the renew deadline")
        .isLessThanOrEqualTo(configured.duration().plus(configured.renewDeadline()));
    assertThat(jobsAtTheEnd).as("one Job (uid) ever created per VideoJob").isEqualTo(VIDEOS);
    Map<String, List<Job>> jobs =
        admin.batch().v1().jobs().list().getItems().stream()
            .collect(
                Collectors.groupingBy(j -> j.getMetadata().getLabels().get(MetadataKeys.VIDEO_ID)));
    assertThat(jobs).hasSize(VIDEOS);
    for (UUID videoId : videos) {
      assertThat(jobs.get(videoId.toString()))
          .singleElement()
          .satisfies(
              j -> assertThat(j.getMetadata().getName()).isEqualTo(VideoJobNames.job(videoId)));
    }

    Map<String, Set<String>> eventIds =
        outcomes.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.get("videoId").asText(),
                    Collectors.mapping(m -> m.get("eventId").asText(), Collectors.toSet())));
    assertThat(outcomes)
        .allSatisfy(m -> assertThat(m.get("status").asText()).isEqualTo("SUCCEEDED"));
    assertThat(eventIds).hasSize(VIDEOS);
    for (UUID videoId : videos) {
      VideoJob recorded =
          admin.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId)).get();
      assertThat(eventIds.get(videoId.toString()))
          .as("every message about %s is the one event the VideoJob recorded", videoId)
          .containsExactly(recorded.getStatus().getPublishedEventId());
    }
  }

  /** One replica: its own connection to the API server (cut to kill it) and its own broker link. */
  final class Replica {
    final TcpRelay api;
    final KillablePublisher publisher;
    final VideoJobOperator operator;
    final int endpointPort;

    Replica(String name) {
      api = TcpRelay.to(kubernetes.port());
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(admin.getConfiguration()).withMasterUrl(api.url()).build())
              .build();
      toClose.add(client);
      toClose.add(api);
      publisher = new KillablePublisher(broker.statusPublisher());
      OperatorProperties properties = leaderElected(OperatorFixture.properties(20));
      operator =
          OperatorFixture.start(
              client,
              properties,
              lease(name),
              s3Settings,
              publisher,
              new SimpleMeterRegistry(),
              new VideoJobReconciler.Settings(
                  properties.maxConcurrentJobs(), Duration.ofHours(24), SlicingPolicy.SPEC_ONLY),
              null,
              service.url());
      toClose.add(operator::stop);
      endpointPort = Integer.parseInt(OperatorFixture.endpointUrl(client).replaceAll(".*:", ""));
      service.add(endpointPort);
    }

    /**
     * Dies: no request of its reaches the API server or the broker any more, its endpoint leaves
     * the Service; then its threads are stopped (nothing they do can reach anyone).
     */
    void kill() {
      api.cut();
      publisher.kill();
      service.remove(endpointPort);
      new Thread(operator::stop, "killed-operator-stops").start();
    }

    void stop() {
      operator.stop();
    }
  }

  private Replica replica(String name) {
    return new Replica(name);
  }

  private String holder() {
    Lease lease = admin.leases().withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private long published() {
    return admin.resources(VideoJob.class).list().getItems().stream()
        .filter(v -> v.getStatus() != null && v.getStatus().getPublishedEventId() != null)
        .count();
  }

  private long succeeded() {
    return admin.resources(VideoJob.class).list().getItems().stream()
        .filter(v -> v.getStatus() != null && v.getStatus().getPhase() == Phase.Succeeded)
        .filter(v -> v.getStatus().getPublishedEventId() != null)
        .count();
  }

  /** The test properties with leader election on. */
  static OperatorProperties leaderElected(OperatorProperties p) {
    return new OperatorProperties(
        p.namespace(),
        p.extractorImage(),
        p.maxConcurrentJobs(),
        p.jobServiceAccount(),
        p.jobTtlSeconds(),
        p.defaultDeadlineSeconds(),
        p.defaultRetries(),
        p.workVolumeSizeLimit(),
        p.resources(),
        true,
        LEASE,
        p.retryInitialInterval(),
        p.retryMultiplier(),
        p.retryMaxInterval(),
        p.retryMaxAttempts(),
        p.reconciliationThreads(),
        p.eventsPerSecond(),
        p.eventBurst());
  }

  /** The broker link of a replica: once killed, nothing it publishes reaches the broker. */
  static final class KillablePublisher implements StatusPublisher {
    private final StatusPublisher delegate;
    private volatile boolean killed;

    KillablePublisher(StatusPublisher delegate) {
      this.delegate = delegate;
    }

    void kill() {
      killed = true;
    }

    @Override
    public void publish(dev.frameflow.contracts.events.VideoStatusEvent event)
        throws PublishFailedException {
      if (killed) {
        throw new PublishFailedException("the process is dead", null);
      }
      delegate.publish(event);
    }
  }
}
