package dev.frameflow.operator.config;

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
    @DefaultValue LeaderElection leaderElection,
    @DefaultValue Retry retry,
    @DefaultValue("4") int reconciliationThreads) {

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
        new LeaderElection(true, "frameflow-operator"),
        Retry.defaults(),
        4);
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
        leaderElection,
        retry,
        reconciliationThreads);
  }

  public OperatorProperties withNamespace(String ns) {
    return new OperatorProperties(
        ns,
        extractorImage,
        maxConcurrentJobs,
        jobServiceAccount,
        jobTtlSeconds,
        defaultDeadlineSeconds,
        defaultRetries,
        workVolumeSizeLimit,
        resources,
        leaderElection,
        retry,
        reconciliationThreads);
  }

  public OperatorProperties withLeaderElection(LeaderElection election) {
    return new OperatorProperties(
        namespace,
        extractorImage,
        maxConcurrentJobs,
        jobServiceAccount,
        jobTtlSeconds,
        defaultDeadlineSeconds,
        defaultRetries,
        workVolumeSizeLimit,
        resources,
        election,
        retry,
        reconciliationThreads);
  }

  /** Requests and limits of the extractor container (Kubernetes quantities). */
  public record Resources(
      @DefaultValue("500m") String cpuRequest,
      @DefaultValue("512Mi") String memoryRequest,
      @DefaultValue("2") String cpuLimit,
      @DefaultValue("2Gi") String memoryLimit) {

    public static Resources defaults() {
      return new Resources("500m", "512Mi", "2", "2Gi");
    }

    public Map<String, Quantity> requestQuantities() {
      return quantities(cpuRequest, memoryRequest);
    }

    public Map<String, Quantity> limitQuantities() {
      return quantities(cpuLimit, memoryLimit);
    }

    private static Map<String, Quantity> quantities(String cpu, String memory) {
      var result = new java.util.TreeMap<String, Quantity>();
      if (cpu != null && !cpu.isBlank()) {
        result.put("cpu", new Quantity(cpu));
      }
      if (memory != null && !memory.isBlank()) {
        result.put("memory", new Quantity(memory));
      }
      return result;
    }
  }

  /** A Lease named {@code leaseName} in the operator's namespace elects one active replica. */
  public record LeaderElection(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("frameflow-operator") String leaseName) {}

  /**
   * How a failing reconciliation is retried: exponential backoff from {@code initialInterval},
   * multiplied by {@code multiplier} up to {@code maxInterval}, at most {@code maxAttempts} times.
   */
  public record Retry(
      @DefaultValue("1s") Duration initialInterval,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("5m") Duration maxInterval,
      @DefaultValue("20") int maxAttempts) {

    public static Retry defaults() {
      return new Retry(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 20);
    }
  }
}
