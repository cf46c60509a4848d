package dev.frameflow.operator.config;

import dev.frameflow.contracts.scheduling.FairShare;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.queue.*}: how the extraction slots are shared between owners ({@link
 * FairShare}) and how often a waiting video says it still waits.
 *
 * @param ownerCeiling pods one owner may run while others wait (0: no ceiling; the cap alone)
 * @param weights an owner's weight by user id (a plan): an owner weighing 2 may run twice the pods
 *     of one weighing 1 before the next slot passes it by; unnamed owners weigh 1
 * @param heartbeat how often a waiting VideoJob publishes {@code video.status QUEUED} (10 min; the
 *     api-gateway fails a video it has not heard of for {@code frameflow.status.deadline}, 1 h)
 */
@ConfigurationProperties("frameflow.operator.queue")
public record QueueProperties(
    @DefaultValue("0") int ownerCeiling,
    Map<String, Double> weights,
    @DefaultValue("10m") Duration heartbeat) {

  public QueueProperties {
    weights = weights == null ? Map.of() : Map.copyOf(weights);
  }

  public FairShare fairShare(int maxConcurrentJobs) {
    return new FairShare(maxConcurrentJobs, ownerCeiling, weights);
  }
}
