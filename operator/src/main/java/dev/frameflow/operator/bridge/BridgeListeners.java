package dev.frameflow.operator.bridge;

import java.util.List;
import java.util.function.Consumer;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.core.retry.RetryPolicy;

/**
 * The two consumers of the bridge: container-managed acks (acked when the listener returns),
 * bounded prefetch, one consumer each, and Spring AMQP's stateless retry around the listener: a
 * transient Kubernetes failure is retried with exponential backoff ({@code
 * kubernetes-retry-initial} doubling to {@code kubernetes-retry-max}, ten retries), then the {@link
 * BridgeRecoverer} requeues the message; a malformed or refused message is not retried and goes to
 * the dead-letter queue.
 */
public final class BridgeListeners {

  static final int MAX_RETRIES = 10;

  private BridgeListeners() {}

  public static List<SimpleMessageListenerContainer> containers(
      ConnectionFactory connections, MessagingProperties settings, VideoJobBridge bridge) {
    return List.of(
        uploaded(connections, settings, bridge), cancelled(connections, settings, bridge));
  }

  public static SimpleMessageListenerContainer uploaded(
      ConnectionFactory connections, MessagingProperties settings, VideoJobBridge bridge) {
    return container(connections, settings, settings.uploadedQueue(), bridge, bridge::onUploaded);
  }

  public static SimpleMessageListenerContainer cancelled(
      ConnectionFactory connections, MessagingProperties settings, VideoJobBridge bridge) {
    return container(connections, settings, settings.cancelledQueue(), bridge, bridge::onCancelled);
  }

  private static SimpleMessageListenerContainer container(
      ConnectionFactory connections,
      MessagingProperties settings,
      String queue,
      VideoJobBridge bridge,
      Consumer<Message> listener) {
    SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
    container.setQueueNames(queue);
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setPrefetchCount(settings.prefetch());
    container.setDefaultRequeueRejected(false);
    container.setMessageListener(listener::accept);
    container.setAdviceChain(
        RetryInterceptorBuilder.stateless()
            .retryPolicy(
                RetryPolicy.builder()
                    .maxRetries(MAX_RETRIES)
                    .delay(settings.kubernetesRetryInitial())
                    .multiplier(2)
                    .maxDelay(settings.kubernetesRetryMax())
                    .predicate(BridgeRecoverer::isTransient)
                    .build())
            .recoverer(new BridgeRecoverer(bridge))
            .build());
    return container;
  }
}
