package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.KubernetesChain;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 28's done-when on the Kubernetes path, through the whole chain (gateway API, outbox,
 * broker, bridge, operator, mock API server, test kubelet running the real extractor): Ada uploads
 * 40 videos against a cap of 4, then Bob uploads one. Bob's Job is the next one started, not the
 * 41st; while he waits, {@code GET /api/videos/{id}} shows his place and an estimated start; and
 * although the gateway's stall deadline here is far shorter than Ada's last videos wait, none of
 * them fails "timed out": the operator's QUEUED heartbeat keeps each waiting video's row moving.
 */
class FairQueueKubernetesIT {

  static final int CAP = 4;
  static final int ADAS_VIDEOS = 40;

  /**
   * The operator's queue heartbeat: a waiting VideoJob says so this often (each beat is a status
   * patch and a message per waiting VideoJob: every second for 40 of them loads a 2-core machine).
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(2);

  /**
   * The gateway's stall deadline: 20 heartbeats (a loaded build machine delays reconciliations,
   * pods and messages by seconds, and a running video is silent from its admission until its pod
   * runs), and less than Ada's last videos wait (checked below).
   */
  static final Duration DEADLINE = Duration.ofSeconds(40);

  /** Each pod's start (image pull, scheduling): ten rounds of Ada's take well over the deadline. */
  static final Duration POD_START = Duration.ofSeconds(4);

  static final KubernetesChain.Settings SETTINGS =
      new KubernetesChain.Settings(
          Map.of(
              "frameflow.status.deadline",
              DEADLINE.toSeconds() + "s",
              "frameflow.status.sweep-interval",
              "1s"),
          Map.of(
              "frameflow.operator.max-concurrent-jobs",
              CAP,
              "frameflow.operator.queue.heartbeat",
              HEARTBEAT.toMillis() + "ms"));

  static final JsonMapper JSON = JsonMapper.builder().build();

  static KubernetesChain chain;
  static FrameflowApi api;
  static final StartGate gate = new StartGate();
  @TempDir static Path media;

  @BeforeAll
  static void startTheChainWithACapOfFourAndAShortStallDeadline() {
    chain = KubernetesChain.get(SETTINGS);
    api = chain.api();
    // the gate plays the pods' start delay itself: a pod it holds has been starting all along
    chain.kubelet().withPodStartDelay(Duration.ZERO).beforeEachContainer(gate);
  }

  @AfterAll
  static void leaveTheKubeletAsFound() {
    if (chain != null) {
      gate.open();
      chain.kubelet().beforeEachContainer((job, attempt) -> {});
    }
  }

  @Test
  void bobsVideoStartsAtTheNextFreeSlotShowsItsStandingAndNobodyTimesOutWhileWaiting()
      throws Exception {
    try (JobCreations jobs = JobCreations.watch(chain.kubernetes().client())) {
      Path video = Media.video(media, 1);
      String ada = api.registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
      String bob = api.registerAndLogin("bob-" + UUID.randomUUID() + "@example.org");
      // the chain's first extraction loads and compiles much (the extractor, the first ffmpeg):
      // done before the clock matters, by someone else, whatever its outcome
      String carol = api.registerAndLogin("carol-" + UUID.randomUUID() + "@example.org");
      api.awaitFinished(
          carol, api.uploadVideo(carol, video, Map.of("fps", "1")), Duration.ofMinutes(2));

      List<String> adas = new ArrayList<>();
      Map<String, Instant> uploadedAt = new HashMap<>();
      for (int i = 0; i < ADAS_VIDEOS; i++) {
        Instant before = Instant.now();
        String id = api.uploadVideo(ada, video, Map.of("fps", "1"));
        adas.add(id);
        uploadedAt.put(VideoJobNames.job(UUID.fromString(id)), before);
      }
      // a finished video gives the operator a run time to estimate from
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.countInStatus(ada, "SUCCEEDED") >= 1);

      // Bob must find every slot taken, and wait: new pods are held before their container (as
      // if their image pull took longer) until the API shows his standing; then one pod goes on,
      // so that exactly one slot frees. The hold is seconds, well within the deadline.
      gate.close();
      await().atMost(Duration.ofMinutes(1)).until(() -> gate.held() == CAP);
      long adasWaitingAtBobsUpload = api.countInStatus(ada, "QUEUED");
      int createdBeforeBob = jobs.order().size();
      String bobs = api.uploadVideo(bob, video, Map.of("fps", "1"));
      String bobsJob = VideoJobNames.job(UUID.fromString(bobs));
      JsonNode waiting;
      try {
        waiting =
            JSON.readTree(
                await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                        () -> api.video(bob, bobs).body(),
                        body -> {
                          JsonNode queue = JSON.readTree(body).path("queue");
                          return queue.isObject() && queue.hasNonNull("estimatedStartAt");
                        }));
        gate.letOneThrough();
        await().atMost(Duration.ofMinutes(1)).until(() -> jobs.order().contains(bobsJob));
        // his Job exists and its pod is held before its container: the API no longer shows him
        // first in line, it shows him waiting for his run to start
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> JSON.readTree(api.video(bob, bobs).body()),
                shown ->
                    shown.path("status").asString().equals("QUEUED")
                        && !shown.path("queue").isObject());
      } finally {
        gate.open();
      }
      assertThat(jobs.order().indexOf(bobsJob))
          .as(
              "Bob's Job was the first created after his upload (Ada had %d waiting): %s",
              adasWaitingAtBobsUpload, jobs.order().subList(createdBeforeBob, jobs.order().size()))
          .isEqualTo(createdBeforeBob);
      assertThat(adasWaitingAtBobsUpload)
          .as("the test needs Ada's queue to be long when Bob uploads")
          .isGreaterThan(2 * CAP);

      // his standing, as the API showed it while he waited: first in line (Ada has every slot),
      // his own first, and a start time labelled as an estimate
      assertThat(waiting.path("status").asString()).isEqualTo("QUEUED");
      JsonNode queue = waiting.path("queue");
      assertThat(queue.path("position").asInt()).as(queue.toString()).isEqualTo(1);
      assertThat(queue.path("ownerPosition").asInt()).as(queue.toString()).isEqualTo(1);
      assertThat(queue.path("queueLength").asInt())
          .as("Ada's waiting videos and Bob's: %s", queue)
          .isGreaterThan(2 * CAP);
      assertThat(queue.path("estimate").asBoolean()).isTrue();
      assertThat(Instant.parse(queue.path("estimatedStartAt").asString()))
          .as("estimated from the recent run times: within a few of them")
          .isBefore(Instant.now().plus(Duration.ofMinutes(5)));

      String bobsDone = api.awaitFinished(bob, bobs, Duration.ofMinutes(2));
      assertThat(field(bobsDone, "status")).as(bobsDone).isEqualTo("SUCCEEDED");
      for (String id : adas) {
        String done = api.awaitFinished(ada, id, Duration.ofMinutes(3));
        assertThat(field(done, "status")).as("video %s: %s", id, done).isEqualTo("SUCCEEDED");
      }
      Duration longestWait =
          uploadedAt.entrySet().stream()
              .map(e -> Duration.between(e.getValue(), jobs.createdAt(e.getKey())))
              .max(Duration::compareTo)
              .orElseThrow();
      assertThat(longestWait)
          .as("the test needs Ada's last videos to wait longer than the stall deadline")
          .isGreaterThan(DEADLINE);
    }
  }

  /** The Jobs in the order the API server reports their creation, and when each was seen. */
  static final class JobCreations implements AutoCloseable {

    private final List<String> order = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    private SharedIndexInformer<Job> informer;

    static JobCreations watch(KubernetesClient client) {
      JobCreations creations = new JobCreations();
      creations.informer =
          client
              .batch()
              .v1()
              .jobs()
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                      String name = job.getMetadata().getName();
                      if (creations.createdAt.putIfAbsent(name, Instant.now()) == null) {
                        creations.order.add(name);
                      }
                    }

                    @Override
                    public void onUpdate(Job before, Job after) {}

                    @Override
                    public void onDelete(Job job, boolean unknownFinalState) {}
                  });
      return creations;
    }

    List<String> order() {
      return order;
    }

    Instant createdAt(String job) {
      return createdAt.get(job);
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  /**
   * The kubelet's hook before each container: every pod takes {@link #POD_START} to start, and
   * while the gate is closed new pods wait here (a pod held here keeps its Job's slot, as a pod
   * pulling its image does), unless let through one at a time.
   */
  static final class StartGate implements TestKubelet.PodHook {

    private final AtomicInteger held = new AtomicInteger();
    private final Semaphore oneAtATime = new Semaphore(0);
    private volatile boolean closed;

    @Override
    public void beforeContainerStarts(Job job, int attempt) throws InterruptedException {
      long until = System.nanoTime() + POD_START.toNanos();
      // bounded: a test that fails before opening must not hold the kubelet for good
      long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      held.incrementAndGet();
      try {
        while (closed
            && System.nanoTime() < giveUp
            && !oneAtATime.tryAcquire(50, TimeUnit.MILLISECONDS)) {
          // held
        }
      } finally {
        held.decrementAndGet();
      }
      long rest = until - System.nanoTime();
      if (rest > 0) {
        TimeUnit.NANOSECONDS.sleep(rest);
      }
    }

    void close() {
      oneAtATime.drainPermits();
      closed = true;
    }

    void letOneThrough() {
      oneAtATime.release();
    }

    void open() {
      closed = false;
    }

    int held() {
      return held.get();
    }
  }
}
