package dev.frameflow.operator.bridge;

import dev.frameflow.contracts.topology.Topology;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.messaging.*}: RabbitMQ names (defaults as in docs/events.md; tests use
 * their own names so they never touch the real queues) and how the bridge paces itself.
 */
@ConfigurationProperties("frameflow.operator.messaging")
public record MessagingProperties(
    @DefaultValue(Topology.EXCHANGE) String exchange,
    @DefaultValue(Topology.DEAD_LETTER_EXCHANGE) String deadLetterExchange,
    @DefaultValue(Topology.OPERATOR_UPLOADED_QUEUE) String uploadedQueue,
    @DefaultValue(Topology.OPERATOR_CANCELLED_QUEUE) String cancelledQueue,
    @DefaultValue("10") int prefetch,
    @DefaultValue("10s") Duration confirmTimeout,
    @DefaultValue("500ms") Duration kubernetesRetryInitial,
    @DefaultValue("30s") Duration kubernetesRetryMax) {

  public static MessagingProperties defaults() {
    return new MessagingProperties(
        Topology.EXCHANGE,
        Topology.DEAD_LETTER_EXCHANGE,
        Topology.OPERATOR_UPLOADED_QUEUE,
        Topology.OPERATOR_CANCELLED_QUEUE,
        10,
        Duration.ofSeconds(10),
        Duration.ofMillis(500),
        Duration.ofSeconds(30));
  }

  /** The same topology with every name suffixed, so a test owns its own exchange and queues. */
  public MessagingProperties withSuffix(String suffix) {
    return new MessagingProperties(
        exchange + suffix,
        deadLetterExchange + suffix,
        uploadedQueue + suffix,
        cancelledQueue + suffix,
        prefetch,
        confirmTimeout,
        kubernetesRetryInitial,
        kubernetesRetryMax);
  }
}
