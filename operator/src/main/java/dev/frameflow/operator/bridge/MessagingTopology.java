package dev.frameflow.operator.bridge;

import dev.frameflow.contracts.topology.Topology;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * What the operator declares on the broker (docs/events.md): the events topic exchange, the
 * dead-letter exchange, and the two queues it consumes, each with its {@code .dlq}. Declarations
 * are idempotent, and the api-gateway declares the same exchanges with the same arguments.
 */
public final class MessagingTopology {

  private MessagingTopology() {}

  public static List<Declarable> declarables(MessagingProperties names) {
    TopicExchange events = new TopicExchange(names.exchange(), true, false);
    DirectExchange deadLetters = new DirectExchange(names.deadLetterExchange(), true, false);
    Queue uploaded = consumerQueue(names.uploadedQueue(), names);
    Queue uploadedDlq =
        QueueBuilder.durable(Topology.deadLetterQueue(names.uploadedQueue())).build();
    Queue cancelled = consumerQueue(names.cancelledQueue(), names);
    Queue cancelledDlq =
        QueueBuilder.durable(Topology.deadLetterQueue(names.cancelledQueue())).build();
    return List.of(
        events,
        deadLetters,
        uploaded,
        uploadedDlq,
        cancelled,
        cancelledDlq,
        BindingBuilder.bind(uploaded).to(events).with(Topology.UPLOADED_ROUTING_KEY),
        BindingBuilder.bind(cancelled).to(events).with(Topology.CANCELLED_ROUTING_KEY),
        deadLetterBinding(uploadedDlq, deadLetters, names.uploadedQueue()),
        deadLetterBinding(cancelledDlq, deadLetters, names.cancelledQueue()));
  }

  /** A rejected message goes to the DLX with the queue's name as routing key, hence its DLQ. */
  private static Queue consumerQueue(String name, MessagingProperties names) {
    return QueueBuilder.durable(name)
        .deadLetterExchange(names.deadLetterExchange())
        .deadLetterRoutingKey(name)
        .build();
  }

  private static Binding deadLetterBinding(Queue dlq, DirectExchange dlx, String queue) {
    return BindingBuilder.bind(dlq).to(dlx).with(queue);
  }
}
