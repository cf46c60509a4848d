package dev.frameflow.operator.bench;

import dev.frameflow.operator.config.OperatorProperties;
import dev.frameflow.operator.config.S3Properties;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.operator.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * 1,000 VideoJobs created at once → time until all 1,000 Jobs exist, against the mock API server,
 * compared in the same run with creating the same 1,000 Jobs directly with the client from as many
 * threads as the operator reconciles with. Also the heap the operator adds once everything is
 * reconciled. Run by operator/bench/run.sh (not part of the build).
 */
public final class JobCreationBenchmark {

  static final int COUNT = Integer.getInteger("bench.count", 1000);

  /** The mock server logs every request through java.util.logging: keep it quiet (and alive). */
  static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(
        java.util.logging.Level.parse(System.getProperty("bench.mockLog", "WARNING")));
    OperatorProperties fixture = OperatorFixture.properties(COUNT * 2);
    OperatorProperties properties =
        new OperatorProperties(
            fixture.namespace(),
            fixture.extractorImage(),
            fixture.maxConcurrentJobs(),
            fixture.jobServiceAccount(),
            fixture.jobTtlSeconds(),
            fixture.defaultDeadlineSeconds(),
            fixture.defaultRetries(),
            fixture.workVolumeSizeLimit(),
            fixture.resources(),
            false,
            fixture.leaseName(),
            fixture.retryInitialInterval(),
            fixture.retryMultiplier(),
            fixture.retryMaxInterval(),
            fixture.retryMaxAttempts(),
            Integer.getInteger("bench.threads", fixture.reconciliationThreads()));
    S3Properties s3 = S3Properties.aws("us-east-1");
    ExtractionJobBuilder builder = new ExtractionJobBuilder(properties, s3);
    // The mock server scans every stored object on each request, so each phase gets a fresh one
    // holding the same 1,000 VideoJobs: the baseline and the operator meet the same server.
    try (MockKubernetes warmup = MockKubernetes.start()) {
      direct(warmup.client(), builder, "warmup", 200, properties.reconciliationThreads());
    }
    double directRate;
    try (MockKubernetes baseline = MockKubernetes.start()) {
      createVideoJobs(baseline.client());
      double directSeconds =
          direct(baseline.client(), builder, "direct", COUNT, properties.reconciliationThreads());
      directRate = COUNT / directSeconds;
      System.out.printf(
          "direct: %d Jobs with %d threads in %.2f s = %.0f Jobs/s%n",
          COUNT, properties.reconciliationThreads(), directSeconds, directRate);
    }
    try (MockKubernetes kubernetes = MockKubernetes.start()) {
      KubernetesClient client = kubernetes.client();
      createVideoJobs(client);
      long heapBefore = usedHeapAfterGc();
      CountDownLatch allJobs = new CountDownLatch(COUNT);
      var informer =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(kubernetes.namespace())
              .inform(
                  new ResourceEventHandler<Job>() {
                    @Override
                    public void onAdd(Job job) {
                      allJobs.countDown();
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {}

                    @Override
                    public void onDelete(Job job, boolean unknown) {}
                  });
      long start = System.nanoTime();
      VideoJobOperator operator =
          OperatorFixture.start(
              client,
              properties,
              s3,
              event -> {
                throw new IllegalStateException("no Job finishes in this benchmark");
              });
      if (!allJobs.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "not all Jobs were created: " + allJobs.getCount() + " missing");
      }
      double operatorSeconds = (System.nanoTime() - start) / 1e9;
      double operatorRate = COUNT / operatorSeconds;
      System.out.printf(
          "operator: %d VideoJobs → Jobs in %.2f s (from operator start) = %.0f Jobs/s%n",
          COUNT, operatorSeconds, operatorRate);

      // reconciled = the VideoJob's status names its Job (watched, not polled: listing 1,000
      // resources over and over would load the machine that is being measured)
      Set<String> reconciled = ConcurrentHashMap.newKeySet();
      var statuses =
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
                      if (v.getStatus() != null && v.getStatus().getJobName() != null) {
                        reconciled.add(v.getMetadata().getName());
                      }
                    }
                  });
      long waitStart = System.nanoTime();
      while (reconciled.size() < COUNT) {
        Thread.sleep(100);
        if (System.nanoTime() - waitStart > 60e9) {
          throw new IllegalStateException(
              "only "
                  + reconciled.size()
                  + " of "
                  + COUNT
                  + " VideoJobs recorded their Job, e.g. "
                  + io.fabric8.kubernetes.client.utils.Serialization.asJson(
                      client.resources(VideoJob.class).list().getItems().get(0).getStatus()));
        }
      }
      statuses.close();
      long heapAfter = usedHeapAfterGc();
      System.out.printf(
          "heap: %.1f MiB used with everything reconciled; the operator adds %.1f MiB%n",
          heapAfter / 1048576.0, (heapAfter - heapBefore) / 1048576.0);
      System.out.printf(
          "ratio (operator rate / direct rate): %.2f (target >= 0.5)%n", operatorRate / directRate);
      operator.stop();
      informer.close();
    }
    System.exit(0);
  }

  static void createVideoJobs(KubernetesClient client) {
    for (int i = 0; i < COUNT; i++) {
      client.resource(VideoJobFixtures.videoJob(UUID.randomUUID())).create();
    }
  }

  /** Creates {@code count} Jobs in {@code namespace} from {@code threads} threads; seconds. */
  static double direct(
      KubernetesClient client,
      ExtractionJobBuilder builder,
      String namespace,
      int count,
      int threads)
      throws Exception {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      VideoJob videoJob = VideoJobFixtures.videoJob(UUID.randomUUID());
      videoJob.getMetadata().setNamespace(namespace);
      videoJob.getMetadata().setUid(UUID.randomUUID().toString());
      videoJob.getMetadata().setGeneration(1L);
      jobs.add(builder.build(videoJob));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (Job job : jobs) {
      done.add(
          pool.submit(
              () -> client.batch().v1().jobs().inNamespace(namespace).resource(job).create()));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return seconds;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
