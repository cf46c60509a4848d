package dev.frameflow.operator.bridge;

import dev.frameflow.operator.config.MessagingProperties;
import java.util.List;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/** The two consumers of the bridge: manual acks, bounded prefetch, one consumer each. */
public final class BridgeListeners {

  private BridgeListeners() {}

  public static List<SimpleMessageListenerContainer> containers(
      ConnectionFactory connections, MessagingProperties settings, VideoJobBridge bridge) {
    return List.of(
        uploaded(connections, settings, bridge), cancelled(connections, settings, bridge));
  }

  public static SimpleMessageListenerContainer uploaded(
      ConnectionFactory connections, MessagingProperties settings, VideoJobBridge bridge) {
    return container(connections, settings, settings.uploadedQueue(), bridge::onUploaded);
  }

  public static SimpleMessageListenerContainer cancelled(
      ConnectionFactory connections, MessagingProperties settings, VideoJobBridge bridge) {
    return container(connections, settings, settings.cancelledQueue(), bridge::onCancelled);
  }

  private static SimpleMessageListenerContainer container(
      ConnectionFactory connections,
      MessagingProperties settings,
      String queue,
      ChannelAwareMessageListener listener) {
    SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
    container.setQueueNames(queue);
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setPrefetchCount(settings.prefetch());
    container.setDefaultRequeueRejected(false);
    container.setMessageListener(listener);
    return container;
  }
}
