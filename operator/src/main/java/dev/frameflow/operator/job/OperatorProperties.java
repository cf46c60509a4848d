package dev.frameflow.operator.job;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.*}: what the operator needs to turn a VideoJob into a Job and how it
 * paces itself. Documented in docs/configuration.md; every field has a default except the image.
 *
 * @param namespace where VideoJobs live; empty means the pod's own namespace (the client's)
 * @param extractorImage the extractor container image, by tag or digest
 * @param maxConcurrentJobs how many Jobs may run at once; the other VideoJobs wait as Queued
 * @param jobServiceAccount service account of extractor pods (S3 access through IRSA/Pod Identity)
 * @param jobTtlSeconds {@code ttlSecondsAfterFinished} of finished Jobs
 * @param defaultDeadlineSeconds {@code activeDeadlineSeconds} when the VideoJob gives none
 * @param defaultRetries {@code backoffLimit} when the VideoJob gives none
 * @param workVolumeSizeLimit size limit of the emptyDir the extractor works in
 * @param resources container requests and limits, overridable per VideoJob
 * @param leaderElectionEnabled whether replicas elect one active operator through a Lease
 * @param leaseName the Lease, in the operator's namespace
 * @param retryInitialInterval first delay before a failed reconciliation is retried
 * @param retryMultiplier factor applied to the delay after each failure
 * @param retryMaxInterval the longest delay
 * @param retryMaxAttempts retries before giving up until the next event
 * @param reconciliationThreads VideoJobs reconciled in parallel
 * @param eventsPerSecond Kubernetes Events written per second on average (they queue beyond)
 * @param eventBurst Kubernetes Events written at once after a quiet period
 */
@ConfigurationProperties("frameflow.operator")
public record OperatorProperties(
    String namespace,
    String extractorImage,
    @DefaultValue("8") int maxConcurrentJobs,
    @DefaultValue("frameflow-extractor") String jobServiceAccount,
    @DefaultValue("3600") int jobTtlSeconds,
    @DefaultValue("1800") long defaultDeadlineSeconds,
    @DefaultValue("2") int defaultRetries,
    @DefaultValue("10Gi") String workVolumeSizeLimit,
    @DefaultValue Resources resources,
    @DefaultValue("true") boolean leaderElectionEnabled,
    @DefaultValue("frameflow-operator") String leaseName,
    @DefaultValue("1s") Duration retryInitialInterval,
    @DefaultValue("2.0") double retryMultiplier,
    @DefaultValue("5m") Duration retryMaxInterval,
    @DefaultValue("20") int retryMaxAttempts,
    @DefaultValue("4") int reconciliationThreads,
    @DefaultValue("10") double eventsPerSecond,
    @DefaultValue("25") int eventBurst) {

  /** Defaults as documented, with the given extractor image (for code that builds Jobs). */
  public static OperatorProperties defaults(String extractorImage) {
    return new OperatorProperties(
        null,
        extractorImage,
        8,
        "frameflow-extractor",
        3600,
        1800,
        2,
        "10Gi",
        Resources.defaults(),
        true,
        "frameflow-operator",
        Duration.ofSeconds(1),
        2.0,
        Duration.ofMinutes(5),
        20,
        4,
        10,
        25);
  }

  public OperatorProperties withMaxConcurrentJobs(int max) {
    return new OperatorProperties(
        namespace,
        extractorImage,
        max,
        jobServiceAccount,
        jobTtlSeconds,
        defaultDeadlineSeconds,
        defaultRetries,
        workVolumeSizeLimit,
        resources,
        leaderElectionEnabled,
        leaseName,
        retryInitialInterval,
        retryMultiplier,
        retryMaxInterval,
        retryMaxAttempts,
        reconciliationThreads,
        eventsPerSecond,
        eventBurst);
  }

  /**
   * Requests and limits of the extractor container as Kubernetes quantities by resource name
   * ({@code FRAMEFLOW_OPERATOR_RESOURCES_LIMITS_MEMORY=4Gi}); a name not given keeps its default
   * (requests cpu 500m, memory 512Mi; limits cpu 2, memory 2Gi).
   */
  public record Resources(Map<String, String> requests, Map<String, String> limits) {

    static final Map<String, String> DEFAULT_REQUESTS = Map.of("cpu", "500m", "memory", "512Mi");
    static final Map<String, String> DEFAULT_LIMITS = Map.of("cpu", "2", "memory", "2Gi");

    public static Resources defaults() {
      return new Resources(DEFAULT_REQUESTS, DEFAULT_LIMITS);
    }

    public Map<String, Quantity> requestQuantities() {
      return quantities(DEFAULT_REQUESTS, requests);
    }

    public Map<String, Quantity> limitQuantities() {
      return quantities(DEFAULT_LIMITS, limits);
    }

    private static Map<String, Quantity> quantities(
        Map<String, String> defaults, Map<String, String> given) {
      var merged = new java.util.TreeMap<String, String>(defaults);
      if (given != null) {
        merged.putAll(given);
      }
      var result = new java.util.TreeMap<String, Quantity>();
      merged.forEach(
          (name, value) -> {
            if (value != null && !value.isBlank()) {
              result.put(name, new Quantity(value));
            }
          });
      return result;
    }
  }

  /** The retry settings as one value (exponential backoff). */
  public Retry retry() {
    return new Retry(retryInitialInterval, retryMultiplier, retryMaxInterval, retryMaxAttempts);
  }

  public record Retry(
      Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts) {}
}
