package dev.frameflow.operator.reconciler;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.lease.*}: how the operator replicas share the Lease (when leader
 * election is on). The leader renews every {@code retryPeriod} and gives up leading when it could
 * not renew for {@code renewDeadline}; a stand-by takes the Lease once {@code duration} has passed
 * since the last renewal it saw, so a leader that dies is replaced within {@code duration} plus one
 * {@code retryPeriod} (the stand-by's next try). Kubernetes' own controllers use the same three
 * settings (15 s, 10 s, 2 s).
 *
 * @param duration how long a renewal holds the Lease for its holder
 * @param renewDeadline how long the leader keeps leading without a successful renewal
 * @param retryPeriod how often the leader renews and a stand-by tries to acquire
 * @param identity the holder's name in the Lease; empty means the pod's name ({@code HOSTNAME})
 */
@ConfigurationProperties("frameflow.operator.lease")
public record LeaseProperties(
    @DefaultValue("15s") Duration duration,
    @DefaultValue("10s") Duration renewDeadline,
    @DefaultValue("2s") Duration retryPeriod,
    String identity) {

  /**
   * fabric8's elector waits up to 1.2 retry periods between tries (jitter): the leader must be able
   * to try more than once before its deadline, and give up before its Lease can expire.
   */
  public LeaseProperties {
    if (!(duration.compareTo(renewDeadline) > 0
        && renewDeadline.toMillis() > retryPeriod.toMillis() * 12 / 10)) {
      throw new IllegalArgumentException(
          "frameflow.operator.lease: duration ("
              + duration
              + ") must exceed renew-deadline ("
              + renewDeadline
              + "), which must exceed 1.2 × retry-period ("
              + retryPeriod
              + ")");
    }
  }

  public static LeaseProperties defaults() {
    return new LeaseProperties(
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), null);
  }

  /** The longest a Lease stays with a leader that died: its duration and a stand-by's next try. */
  public Duration longestTakeover() {
    return duration.plus(retryPeriod.multipliedBy(12).dividedBy(10));
  }

  /** The holder name: the configured one, else the pod's name, else a random one. */
  public String holder() {
    if (identity != null && !identity.isBlank()) {
      return identity;
    }
    String host = System.getenv("HOSTNAME");
    return host != null && !host.isBlank() ? host : "frameflow-operator-" + UUID.randomUUID();
  }
}
