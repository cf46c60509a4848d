package dev.frameflow.operator.bench;

import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.reconciler.VideoJobReconciler;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobOwner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fair-share decision under load (issue 28): {@code bench.finished} (10,000) finished VideoJobs
 * and {@code bench.count} (1,000) new ones against a cap of {@code bench.cap} (100) pods, so that
 * 900 wait and every one of the 1,000 reconciliations takes the slot decision with a full queue.
 * Measured: seconds from the operator's start until every new VideoJob's status shows the decision
 * (Pending with its Job, or Queued), as VideoJobs decided per second; once with every VideoJob of
 * one owner, once spread over {@code bench.owners} (50). Warm-up round of each, then {@code
 * bench.rounds} rounds alternating the two; the ratio of the medians (target >= 0.9: sharing by
 * owner costs no more than oldest-first did). Run by operator/bench/fair-share.sh.
 */
public final class FairShareBenchmark {

  static final int COUNT = Integer.getInteger("bench.count", 1000);
  static final int FINISHED = Integer.getInteger("bench.finished", 10_000);
  static final int CAP = Integer.getInteger("bench.cap", 100);
  static final int OWNERS = Integer.getInteger("bench.owners", 50);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  public static void main(String[] args) throws Exception {
    JobCreationBenchmark.MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    InProcessS3 store = InProcessS3.start(java.nio.file.Files.createTempDirectory("bench-s3"));
    S3Settings s3 = OperatorFixture.s3(store);
    OperatorProperties properties = JobCreationBenchmark.properties();
    System.out.printf(
        "%d finished + %d new VideoJobs, cap %d pods, %d reconciliation threads; one owner against"
            + " %d owners; warm-up, then %d rounds%n",
        FINISHED, COUNT, CAP, properties.reconciliationThreads(), OWNERS, ROUNDS);
    System.out.printf(
        "load average at start: %.2f (%d cores)%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    double[] single = new double[ROUNDS];
    double[] many = new double[ROUNDS];
    for (int round = -1; round < ROUNDS; round++) {
      String label = round < 0 ? "warm-up" : "round " + (round + 1);
      double one = run(properties, s3, 1);
      double fifty = run(properties, s3, OWNERS);
      System.out.printf(
          "%s: one owner %.2f s = %.0f decisions/s; %d owners %.2f s = %.0f decisions/s%n",
          label, one, COUNT / one, OWNERS, fifty, COUNT / fifty);
      if (round >= 0) {
        single[round] = COUNT / one;
        many[round] = COUNT / fifty;
      }
    }
    double singleRate = JobCreationBenchmark.median(single);
    double manyRate = JobCreationBenchmark.median(many);
    System.out.printf(
        "SUMMARY: with %d finished and %d queued VideoJobs (cap %d), %d owners: %.0f decisions/s"
            + " against %.0f with one owner: %.2fx (target >= 0.9)%n",
        FINISHED, COUNT - CAP, CAP, OWNERS, manyRate, singleRate, manyRate / singleRate);
    System.exit(0);
  }

  /** Seconds from the operator's start until every new VideoJob shows its slot decision. */
  static double run(OperatorProperties properties, S3Settings s3, int owners) throws Exception {
    try (BenchApiServer kubernetes = BenchApiServer.start(BenchApiServer.Store.INDEXED)) {
      KubernetesClient client = kubernetes.client();
      JobCreationBenchmark.createFinishedVideoJobs(client, FINISHED);
      for (int i = 0; i < COUNT; i++) {
        UUID id = UUID.randomUUID();
        VideoJob videoJob =
            VideoJobFixtures.videoJob(
                id,
                VideoJobFixtures.spec(id).withOwner(new VideoJobOwner("owner-" + (i % owners))));
        client.resource(videoJob).create();
      }
      Set<String> decided = ConcurrentHashMap.newKeySet();
      var watch =
          client
              .resources(VideoJob.class)
              .inform(
                  new ResourceEventHandler<VideoJob>() {
                    @Override
                    public void onAdd(VideoJob v) {
                      check(v);
                    }

                    @Override
                    public void onUpdate(VideoJob oldV, VideoJob v) {
                      check(v);
                    }

                    @Override
                    public void onDelete(VideoJob v, boolean unknown) {}

                    private void check(VideoJob v) {
                      Phase phase = v.getStatus() == null ? null : v.getStatus().getPhase();
                      if (phase == Phase.Queued || phase == Phase.Pending) {
                        decided.add(v.getMetadata().getName());
                      }
                    }
                  });
      long start = System.nanoTime();
      try (VideoJobOperator operator =
          OperatorFixture.start(
              client,
              properties,
              s3,
              event -> {}, // QUEUED heartbeats: dropped, no broker in this benchmark
              new SimpleMeterRegistry(),
              new VideoJobReconciler.Settings(
                  Duration.ofHours(24),
                  SlicingPolicy.SPEC_ONLY,
                  Duration.ofMinutes(30),
                  new FairShare(CAP),
                  Duration.ofMinutes(10)),
              null)) {
        while (decided.size() < COUNT) {
          Thread.sleep(20);
          if (System.nanoTime() - start > 600e9) {
            throw new IllegalStateException("only " + decided.size() + " of " + COUNT + " decided");
          }
        }
        return (System.nanoTime() - start) / 1e9;
      } finally {
        watch.close();
      }
    }
  }
}
