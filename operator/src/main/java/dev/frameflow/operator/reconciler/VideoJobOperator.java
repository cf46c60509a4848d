package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.job.OperatorProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The java-operator-sdk {@link Operator} running the {@link VideoJobReconciler}, configured the
 * same way in production and in tests: server-side apply off (for the primary's status and for
 * dependents), no CRD presence check (the operator's RBAC has no CRD reads), exponential retries,
 * optional Lease-based leader election, and the caller's Kubernetes client (not closed on stop).
 */
public class VideoJobOperator implements AutoCloseable {

  public static final String CONTROLLER = "videojob";

  private static final Logger log = LoggerFactory.getLogger(VideoJobOperator.class);

  private final Operator operator;
  private final VideoJobReconciler reconciler;
  private volatile boolean stopping;
  private final String namespace;
  private final KubernetesClient client;

  /** How often kept VideoJobs are checked against their TTL (see {@link VideoJobReconciler}). */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final java.util.concurrent.ScheduledExecutorService sweeper =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "finished-videojob-sweeper");
            t.setDaemon(true);
            return t;
          });

  public VideoJobOperator(
      KubernetesClient client,
      OperatorProperties properties,
      VideoJobReconciler reconciler,
      Metrics metrics) {
    this(client, properties, LeaseProperties.defaults(), reconciler, metrics);
  }

  /** With the Lease's timings and holder name ({@code frameflow.operator.lease.*}). */
  public VideoJobOperator(
      KubernetesClient client,
      OperatorProperties properties,
      LeaseProperties lease,
      VideoJobReconciler reconciler,
      Metrics metrics) {
    this.reconciler = reconciler;
    this.client = client;
    this.namespace =
        properties.namespace() != null && !properties.namespace().isBlank()
            ? properties.namespace()
            : Objects.requireNonNull(
                client.getNamespace(), "frameflow.operator.namespace is not set");
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .checkingCRDAndValidateLocalModel(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(properties.reconciliationThreads())
                  .withStopOnInformerErrorDuringStartup(true)
                  .withCacheSyncTimeout(Duration.ofMinutes(2));
              if (metrics != null) {
                o.withMetrics(metrics);
              }
              if (properties.leaderElectionEnabled()) {
                o.withLeaderElectionConfiguration(leaderElection(properties.leaseName(), lease));
              }
            });
    var retry = properties.retry();
    operator.register(
        reconciler,
        c ->
            c.withName(CONTROLLER)
                .settingNamespace(namespace)
                .withTriggerReconcilerOnAllEvents(true)
                // kept VideoJobs (finished, published) wait for their TTL without a reconcile
                .withOnAddFilter(v -> !VideoJobReconciler.isSettled(v))
                .withRetry(
                    new GenericRetry()
                        .setInitialInterval(retry.initialInterval().toMillis())
                        .setIntervalMultiplier(retry.multiplier())
                        .setMaxInterval(retry.maxInterval().toMillis())
                        .setMaxAttempts(retry.maxAttempts())));
  }

  /**
   * JOSDK would call {@code System.exit} when leadership ends, also when the operator is being
   * stopped from a shutdown hook (SIGTERM), where exiting again blocks the JVM until it is killed.
   * So exiting is ours: only when the lease is lost while running, from a thread of its own, so
   * that the pod restarts as a follower.
   */
  private LeaderElectionConfiguration leaderElection(String leaseName, LeaseProperties lease) {
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> log.info("leading: this replica reconciles VideoJobs"),
            () -> {
              if (!stopping) {
                log.error("lost the Lease {}; exiting so that a fresh replica follows", leaseName);
                leaseLost();
              }
            },
            leader -> log.info("the Lease {} is held by {}", leaseName, leader));
    return new LeaderElectionConfiguration(
        leaseName,
        namespace,
        lease.duration(),
        lease.renewDeadline(),
        lease.retryPeriod(),
        lease.holder(),
        callbacks,
        false);
  }

  /**
   * The Lease was lost while running (it could not be renewed within the deadline, so another
   * replica may lead already): exit from a thread of its own, and the pod comes back as a stand-by.
   * Tests that run several operators in one JVM end only the one that lost it.
   */
  protected void leaseLost() {
    new Thread(() -> System.exit(1), "exit-after-lost-lease").start();
  }

  public String namespace() {
    return namespace;
  }

  public void start() {
    operator.start();
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            int deleted = reconciler.sweepFinished(client);
            if (deleted > 0) {
              log.info("deleted {} finished VideoJobs past their TTL", deleted);
            }
          } catch (RuntimeException e) {
            log.warn("sweeping finished VideoJobs failed: {}", e.toString());
          }
        },
        SWEEP_INTERVAL.toSeconds(),
        SWEEP_INTERVAL.toSeconds(),
        java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Stops reconciling (and leading); a second call does nothing. */
  public synchronized void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    sweeper.shutdownNow();
    operator.stop();
  }

  /** Started, and every informer is watching. */
  public boolean isHealthy() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    stop();
  }
}
