package dev.frameflow.operator.bench;

import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 1,000 VideoJobs created at once → time until all 1,000 Jobs exist (the API server answered their
 * creates), against the mock API server, compared in the same run with creating the same 1,000 Jobs
 * directly with the client from as many threads as the operator reconciles with. Also when every
 * VideoJob's status records its Job, and the heap the operator adds once everything is reconciled.
 *
 * <p>Like a JMH run: one warm-up round of each side (so that both run JIT-compiled code), then
 * {@code bench.rounds} measured rounds alternating the two; the ratio compares the medians. Every
 * phase gets a fresh mock server holding the same 1,000 VideoJobs (and, in the second series, the
 * same 10,000 finished ones). The series that decide the targets run on fabric8's mock server with
 * its store indexed by resource/namespace/name ({@link IndexedCrudDispatcher}): the stock store
 * scans every stored object on each request, so with 10,000 more objects it measures itself more
 * than the operator; direct creation on the stock store prints that slowdown beside. Run by
 * operator/bench/run.sh.
 */
public final class JobCreationBenchmark {

  static final int COUNT = Integer.getInteger("bench.count", 1000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  /**
   * Finished (Succeeded, outcome published) VideoJobs also present in the second series: the slot
   * decision and the startup must not grow with them (target: rate >= 0.9x the rate with none).
   */
  static final int FINISHED = Integer.getInteger("bench.finished", 0);

  /** How many finished VideoJobs the current series puts on each fresh mock server. */
  static int finishedNow = 0;

  /** The store of the current series' mock servers. */
  static BenchApiServer.Store storeNow = BenchApiServer.Store.INDEXED;

  /**
   * Also time the work done when a pod starts rather than at the launch: the grant a one-pod Job's
   * pod asks for, i.e. the result's multipart upload created in S3 and ~260 URLs signed, {@code
   * COUNT} of them from as many threads as the operator reconciles with (the TokenReview each grant
   * also costs is one API request, like a create).
   */
  static final boolean GRANTS = Boolean.parseBoolean(System.getProperty("bench.grants", "true"));

  /** The launcher whose access the grant figure uses: the operator's own. */
  static dev.frameflow.operator.job.ExtractionJobLauncher launcher;

  /** Also run the operator against the stock store (slow with 10,000 objects: for comparison). */
  static final boolean STOCK_OPERATOR = Boolean.getBoolean("bench.stockOperator");

  /** Measure the stock store's own slowdown too (its 10,000-object series takes minutes). */
  static final boolean STOCK = Boolean.parseBoolean(System.getProperty("bench.stock", "true"));

  /** The mock server logs every request through java.util.logging: keep it quiet (and alive). */
  static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(
        java.util.logging.Level.parse(System.getProperty("bench.mockLog", "WARNING")));
    OperatorProperties properties = properties();
    // each Job's presigned URLs need an S3 that creates the result's multipart upload
    InProcessS3 store = InProcessS3.start(java.nio.file.Files.createTempDirectory("bench-s3"));
    S3Settings s3 = OperatorFixture.s3(store);
    ExtractionJobBuilder builder = new ExtractionJobBuilder(properties);
    launcher = OperatorFixture.launcher(properties, s3);
    int threads = properties.reconciliationThreads();
    System.out.printf(
        "%d VideoJobs, %d reconciliation threads, Events at %.0f/s (burst %d); warm-up round,"
            + " then %d rounds%n",
        COUNT, threads, properties.eventsPerSecond(), properties.eventBurst(), ROUNDS);

    System.out.printf(
        "load average at start: %.2f (%d cores)%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    storeNow = BenchApiServer.Store.INDEXED;
    double[][] series = runSeries(builder, properties, s3, threads, 0, true);
    if (FINISHED > 0) {
      double[][] withFinished = runSeries(builder, properties, s3, threads, FINISHED, true);
      double none = series[1][0];
      double many = withFinished[1][0];
      System.out.printf(
          "SUMMARY (API-server stand-in indexed by resource/namespace/name): with %d finished"
              + " VideoJobs present the operator creates %.0f Jobs/s against %.0f with none:"
              + " %.2fx, after its first Job %.0f against %.0f: %.2fx (target >= 0.9: the"
              + " slot decision must not grow with them; listing them at startup is the"
              + " difference); direct creation on the same server %.0f against %.0f Jobs/s"
              + " (%.2fx, the stand-in's own slowdown); direct-creation ratio with them %.2f,"
              + " without %.2f (target >= 0.5)%n",
          FINISHED,
          many,
          none,
          many / none,
          withFinished[1][1],
          series[1][1],
          withFinished[1][1] / series[1][1],
          withFinished[0][0],
          series[0][0],
          withFinished[0][0] / series[0][0],
          many / withFinished[0][0],
          none / series[0][0]);
      if (!STOCK) {
        System.exit(0);
      }
      // fabric8's stock store, same VideoJobs: how much the harness itself slows down
      storeNow = BenchApiServer.Store.STOCK;
      double[][] stockNone = runSeries(builder, properties, s3, threads, 0, STOCK_OPERATOR);
      double[][] stockMany = runSeries(builder, properties, s3, threads, FINISHED, STOCK_OPERATOR);
      System.out.printf(
          "SUMMARY (fabric8's stock CRUD store, scanning every object per request): direct"
              + " creation %.0f Jobs/s with %d finished VideoJobs against %.0f with none: %.2fx"
              + " (the mock server's own slowdown)%s%n",
          stockMany[0][0],
          FINISHED,
          stockNone[0][0],
          stockMany[0][0] / stockNone[0][0],
          STOCK_OPERATOR
              ? String.format(
                  "; operator %.0f against %.0f Jobs/s: %.2fx",
                  stockMany[1][0], stockNone[1][0], stockMany[1][0] / stockNone[1][0])
              : "");
    }
    System.exit(0);
  }

  /** Warm-up and measured rounds; returns {{median direct}, {median operator}} Jobs/s. */
  static double[][] runSeries(
      ExtractionJobBuilder builder,
      OperatorProperties properties,
      S3Settings s3,
      int threads,
      int finished,
      boolean withOperator)
      throws Exception {
    finishedNow = finished;
    System.out.printf(
        "series with %d finished VideoJobs present, %s store%s:%n",
        finished, storeNow, withOperator ? "" : ", direct creation only");
    double[] direct = new double[ROUNDS];
    double[] operator = new double[ROUNDS];
    double[] grants = new double[ROUNDS];
    double[] afterFirst = new double[ROUNDS];
    boolean timeGrants = GRANTS && withOperator && finished == 0;
    for (int round = -1; round < ROUNDS; round++) {
      String label = round < 0 ? "warm-up" : "round " + (round + 1);
      double directSeconds = direct(builder, threads);
      if (timeGrants) {
        double grantSeconds = grants(threads);
        System.out.printf(
            "%s: %d pod grants (upload created, URLs signed) %.2f s = %.0f grants/s%n",
            label, COUNT, grantSeconds, COUNT / grantSeconds);
        if (round >= 0) {
          grants[round] = COUNT / grantSeconds;
        }
      }
      if (!withOperator) {
        System.out.printf(
            "%s: direct %.2f s = %.0f Jobs/s%n", label, directSeconds, COUNT / directSeconds);
        if (round >= 0) {
          direct[round] = COUNT / directSeconds;
        }
        continue;
      }
      OperatorRun run = operator(properties, s3, round == ROUNDS - 1);
      System.out.printf(
          "%s: direct %.2f s = %.0f Jobs/s; operator %.2f s = %.0f Jobs/s (first Job after %.2f"
              + " s), every status records its Job after %.2f s%n",
          label,
          directSeconds,
          COUNT / directSeconds,
          run.jobsSeconds(),
          COUNT / run.jobsSeconds(),
          run.firstJobSeconds(),
          run.statusesSeconds());
      if (round >= 0) {
        direct[round] = COUNT / directSeconds;
        operator[round] = COUNT / run.jobsSeconds();
        afterFirst[round] = (COUNT - 1) / (run.jobsSeconds() - run.firstJobSeconds());
      }
      if (run.heapAddedBytes() != null) {
        System.out.printf(
            "heap: the operator adds %.1f MiB once all %d VideoJobs are reconciled%n",
            run.heapAddedBytes() / 1048576.0, COUNT);
      }
    }
    double directRate = median(direct);
    if (!withOperator) {
      System.out.printf("median: direct %.0f Jobs/s%n", directRate);
      return new double[][] {{directRate}, {Double.NaN}};
    }
    double operatorRate = median(operator);
    double steadyRate = median(afterFirst);
    System.out.printf(
        "median: direct %.0f Jobs/s, operator %.0f Jobs/s; ratio %.2f (target >= 0.5);"
            + " operator after its first Job (startup and cache sync left out) %.0f Jobs/s%n",
        directRate, operatorRate, operatorRate / directRate, steadyRate);
    if (timeGrants) {
      double grantRate = median(grants);
      System.out.printf(
          "median: %.0f pod grants/s (%.1f ms of one thread each), %.1fx the operator's Job"
              + " rate%n",
          grantRate, 1000.0 * threads / grantRate, grantRate / operatorRate);
    }
    return new double[][] {{directRate}, {operatorRate, steadyRate}};
  }

  /** The test fixture's settings with the cap out of the way and the threads as asked. */
  static OperatorProperties properties() {
    OperatorProperties fixture = OperatorFixture.properties(COUNT * 2);
    return new OperatorProperties(
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
        Integer.getInteger("bench.threads", fixture.reconciliationThreads()),
        fixture.eventsPerSecond(),
        fixture.eventBurst());
  }

  /** Creates the 1,000 Jobs directly from {@code threads} threads; seconds until all answered. */
  static double direct(ExtractionJobBuilder builder, int threads) throws Exception {
    try (BenchApiServer kubernetes = BenchApiServer.start(storeNow)) {
      KubernetesClient client = kubernetes.client();
      createVideoJobs(client);
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < COUNT; i++) {
        VideoJob videoJob = VideoJobFixtures.videoJob(UUID.randomUUID());
        videoJob.getMetadata().setNamespace(kubernetes.namespace());
        videoJob.getMetadata().setUid(UUID.randomUUID().toString());
        videoJob.getMetadata().setGeneration(1L);
        jobs.add(builder.build(videoJob));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (Job job : jobs) {
        done.add(pool.submit(() -> client.batch().v1().jobs().resource(job).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      return seconds;
    }
  }

  /**
   * {@code COUNT} one-pod grants from {@code threads} threads, as the access endpoint makes them
   * for pods starting: each creates its result's multipart upload (s3proxy) and signs its URLs;
   * seconds until all are made.
   */
  static double grants(int threads) throws Exception {
    var access = launcher.access();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      var spec = VideoJobFixtures.spec(UUID.randomUUID());
      done.add(
          pool.submit(() -> access.onePodGrant(spec, 1800, access.createUpload(spec.output()))));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return seconds;
  }

  record OperatorRun(
      double firstJobSeconds, double jobsSeconds, double statusesSeconds, Long heapAddedBytes) {}

  /** Starts the operator on the 1,000 VideoJobs; times the Jobs, then the statuses. */
  static OperatorRun operator(OperatorProperties properties, S3Settings s3, boolean measureHeap)
      throws Exception {
    try (BenchApiServer kubernetes = BenchApiServer.start(storeNow)) {
      KubernetesClient client = kubernetes.client();
      createVideoJobs(client);
      long heapBefore = measureHeap ? usedHeapAfterGc() : 0;
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      long start = System.nanoTime();
      try (VideoJobOperator operator =
          OperatorFixture.start(
              client,
              properties,
              s3,
              event -> {
                throw new IllegalStateException("no Job finishes in this benchmark");
              },
              meters)) {
        // A Job exists once the API server has answered its create: the operator counts those
        // answers, as the direct phase counts its own. Reading the counter costs the server
        // nothing, where a watch would add an observer to the operator's side only.
        Counter created = meters.get("frameflow.jobs.created").counter();
        double first = awaitCount(created, 1, start);
        double all = awaitCount(created, COUNT, start);
        int onServer = client.batch().v1().jobs().list().getItems().size();
        if (onServer != COUNT) {
          throw new IllegalStateException(
              "the operator counted " + COUNT + " Jobs but the server holds " + onServer);
        }
        double statuses = awaitStatuses(client, start);
        Long heapAdded = measureHeap ? usedHeapAfterGc() - heapBefore : null;
        return new OperatorRun(first, all, statuses, heapAdded);
      }
    }
  }

  static double awaitCount(Counter counter, int count, long start) throws InterruptedException {
    while (counter.count() < count) {
      Thread.sleep(1);
      if (System.nanoTime() - start > 600e9) {
        throw new IllegalStateException(
            "not all Jobs were created: " + (long) counter.count() + " of " + count);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Seconds from {@code start} until every VideoJob's status names its Job (watched, not polled:
   * listing 1,000 resources over and over would load the machine being measured).
   */
  static double awaitStatuses(KubernetesClient client, long start) throws InterruptedException {
    Set<String> recorded = ConcurrentHashMap.newKeySet();
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
                      recorded.add(v.getMetadata().getName());
                    }
                  }
                });
    try {
      long waitStart = System.nanoTime();
      while (recorded.size() < COUNT) {
        Thread.sleep(20);
        if (System.nanoTime() - waitStart > 60e9) {
          throw new IllegalStateException(
              "only " + recorded.size() + " of " + COUNT + " VideoJobs recorded their Job");
        }
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      statuses.close();
    }
  }

  static void createVideoJobs(KubernetesClient client) {
    createFinishedVideoJobs(client, finishedNow);
    for (int i = 0; i < COUNT; i++) {
      client.resource(VideoJobFixtures.videoJob(UUID.randomUUID())).create();
    }
  }

  /**
   * VideoJobs as they stand between their outcome and their TTL: Succeeded, outcome published,
   * created a minute before the new ones (so they sort first in creation order), no Job left.
   */
  static void createFinishedVideoJobs(KubernetesClient client, int count) {
    String completed = java.time.Instant.now().toString();
    for (int i = 0; i < count; i++) {
      VideoJob done = VideoJobFixtures.videoJob(UUID.randomUUID());
      done.getMetadata().setGeneration(1L);
      VideoJob created = client.resource(done).create();
      var status = new dev.frameflow.videojob.VideoJobStatus();
      status.setPhase(dev.frameflow.videojob.Phase.Succeeded);
      status.setCompletionTime(completed);
      status.setStartTime(completed);
      status.setPublishedEventId(UUID.randomUUID().toString());
      status.setObservedGeneration(created.getMetadata().getGeneration());
      status.setAttempts(1);
      status.setResult(new dev.frameflow.videojob.VideoJobResult(10, null, 1000L, 10.0, 100L));
      created.setStatus(status);
      client.resource(created).updateStatus();
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
