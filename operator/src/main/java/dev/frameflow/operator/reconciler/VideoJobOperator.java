package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.config.OperatorProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.Objects;

/**
 * The java-operator-sdk {@link Operator} running the {@link VideoJobReconciler}, configured the
 * same way in production and in tests: server-side apply off (for the primary's status and for
 * dependents), no CRD presence check (the operator's RBAC has no CRD reads), exponential retries,
 * optional Lease-based leader election, and the caller's Kubernetes client (not closed on stop).
 */
public class VideoJobOperator implements AutoCloseable {

  public static final String CONTROLLER = "videojob";

  private final Operator operator;
  private final String namespace;

  public VideoJobOperator(
      KubernetesClient client,
      OperatorProperties properties,
      VideoJobReconciler reconciler,
      Metrics metrics) {
    this.namespace =
        properties.namespace() != null && !properties.namespace().isBlank()
            ? properties.namespace()
            : Objects.requireNonNull(
                client.getNamespace(), "frameflow.operator.namespace is not set");
    var election = properties.leaderElection();
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
              if (election.enabled()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(election.leaseName(), namespace));
              }
            });
    var retry = properties.retry();
    operator.register(
        reconciler,
        c ->
            c.withName(CONTROLLER)
                .settingNamespace(namespace)
                .withTriggerReconcilerOnAllEvents(true)
                .withRetry(
                    new GenericRetry()
                        .setInitialInterval(retry.initialInterval().toMillis())
                        .setIntervalMultiplier(retry.multiplier())
                        .setMaxInterval(retry.maxInterval().toMillis())
                        .setMaxAttempts(retry.maxAttempts())));
  }

  public String namespace() {
    return namespace;
  }

  public void start() {
    operator.start();
  }

  public void stop() {
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
