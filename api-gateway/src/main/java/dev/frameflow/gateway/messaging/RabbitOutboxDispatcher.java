package dev.frameflow.gateway.messaging;

import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.gateway.outbox.OutboxDispatcher;
import dev.frameflow.gateway.outbox.OutboxMessage;
import dev.frameflow.gateway.tracing.TraceParent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes an outbox message to the events exchange, routing key = event type, and returns only
 * when the broker confirmed it AND routed it to at least one queue. Mandatory routing means a
 * {@code video.uploaded} published while no consumer queue is bound (the operator never started)
 * comes back as a return: that is a failure, retried, never a silent drop.
 *
 * <p>The message carries the current span (the relay's) as W3C {@code traceparent}/{@code
 * tracestate} headers: the operator continues the video's trace from them.
 */
public class RabbitOutboxDispatcher implements OutboxDispatcher {

  private final RabbitTemplate template;
  private final Duration confirmTimeout;

  public RabbitOutboxDispatcher(ConnectionFactory connectionFactory, Duration confirmTimeout) {
    this.template = new RabbitTemplate(connectionFactory);
    this.template.setMandatory(true);
    this.confirmTimeout = confirmTimeout;
  }

  @Override
  public void dispatch(OutboxMessage message) throws Exception {
    MessageProperties properties = new MessageProperties();
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setContentEncoding(StandardCharsets.UTF_8.name());
    properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    properties.setMessageId(message.eventId().toString());
    properties.setType(message.type());
    TraceParent trace = TraceParent.current();
    if (trace != null) {
      trace.writeTo(properties::setHeader);
    }
    CorrelationData correlation = new CorrelationData(message.eventId().toString());
    template.send(
        Topology.EXCHANGE,
        message.type(),
        new Message(message.payload().getBytes(StandardCharsets.UTF_8), properties),
        correlation);
    CorrelationData.Confirm confirm =
        correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!confirm.ack()) {
      throw new IllegalStateException("broker refused the message: " + confirm.reason());
    }
    if (correlation.getReturned() != null) {
      throw new IllegalStateException(
          "no queue is bound for "
              + message.type()
              + " (returned: "
              + correlation.getReturned().getReplyText()
              + ")");
    }
  }
}
