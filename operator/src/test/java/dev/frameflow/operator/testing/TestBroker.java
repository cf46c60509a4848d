package dev.frameflow.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.operator.bridge.MessagingProperties;
import dev.frameflow.operator.bridge.MessagingTopology;
import dev.frameflow.operator.outcome.RabbitStatusPublisher;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.testing.TestRabbit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The real RabbitMQ on 127.0.0.1:5672, with a topology of this test's own (every name suffixed with
 * a random id, deleted on close) so that tests never touch the real queues or each other. A status
 * queue plays the api-gateway's consumer of {@code video.status}.
 */
public final class TestBroker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CachingConnectionFactory connections;
  private final RabbitAdmin admin;
  private final RabbitTemplate template;
  private final MessagingProperties names;
  private final String statusQueue;

  private TestBroker(String suffix) {
    connections = new CachingConnectionFactory(TestRabbit.HOST, TestRabbit.PORT);
    connections.setUsername(TestRabbit.USERNAME);
    connections.setPassword(TestRabbit.PASSWORD);
    connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
    connections.setPublisherReturns(true);
    admin = new RabbitAdmin(connections);
    template = new RabbitTemplate(connections);
    names = MessagingProperties.defaults().withSuffix(suffix);
    statusQueue = "frameflow.test.video-status" + suffix;
    for (Declarable d : MessagingTopology.declarables(names)) {
      declare(d);
    }
    Queue status = QueueBuilder.nonDurable(statusQueue).autoDelete().build();
    admin.declareQueue(status);
    admin.declareBinding(
        BindingBuilder.bind(status)
            .to(new TopicExchange(names.exchange(), true, false))
            .with("video.status"));
  }

  public static TestBroker connect() {
    return new TestBroker(".test-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private void declare(Declarable d) {
    if (d instanceof Exchange e) {
      admin.declareExchange(e);
    } else if (d instanceof Queue q) {
      admin.declareQueue(q);
    } else if (d instanceof org.springframework.amqp.core.Binding b) {
      admin.declareBinding(b);
    }
  }

  public MessagingProperties names() {
    return names;
  }

  public CachingConnectionFactory connections() {
    return connections;
  }

  /** A publisher of {@code video.status} with confirms, as the operator uses in production. */
  public StatusPublisher statusPublisher() {
    RabbitTemplate publishing = new RabbitTemplate(connections);
    return new RabbitStatusPublisher(publishing, names.exchange(), Duration.ofSeconds(5));
  }

  public void publish(String routingKey, String body) {
    MessageProperties properties = new MessageProperties();
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setMessageId(UUID.randomUUID().toString());
    template.send(
        names.exchange(),
        routingKey,
        new Message(body.getBytes(StandardCharsets.UTF_8), properties));
  }

  /** Publishes with these AMQP headers (e.g. the gateway's {@code traceparent}). */
  public void publish(String routingKey, String body, java.util.Map<String, Object> headers) {
    MessageProperties properties = new MessageProperties();
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setMessageId(UUID.randomUUID().toString());
    headers.forEach(properties::setHeader);
    template.send(
        names.exchange(),
        routingKey,
        new Message(body.getBytes(StandardCharsets.UTF_8), properties));
  }

  /** The next {@code video.status} message as received, headers included; null if none. */
  public Message receiveStatus() {
    return template.receive(statusQueue);
  }

  /** The {@code video.status} messages received so far (each consumed once). */
  public List<JsonNode> drainStatusMessages() {
    List<JsonNode> messages = new ArrayList<>();
    Message message;
    while ((message = template.receive(statusQueue)) != null) {
      try {
        messages.add(JSON.readTree(message.getBody()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return messages;
  }

  /**
   * The outcome messages (SUCCEEDED, FAILED) received so far; the PROCESSING ones received with
   * them are dropped (progress has tests of its own).
   */
  /** The outcomes (SUCCEEDED, FAILED) among the status messages: no progress, no queue beats. */
  public List<JsonNode> drainOutcomeMessages() {
    return drainStatusMessages().stream()
        .filter(m -> List.of("SUCCEEDED", "FAILED").contains(m.get("status").asText()))
        .toList();
  }

  public long messageCount(String queue) {
    var info = admin.getQueueInfo(queue);
    return info == null ? -1 : info.getMessageCount();
  }

  public Message receive(String queue) {
    return template.receive(queue);
  }

  @Override
  public void close() {
    for (String q :
        List.of(
            names.uploadedQueue(),
            names.uploadedQueue() + ".dlq",
            names.cancelledQueue(),
            names.cancelledQueue() + ".dlq",
            statusQueue)) {
      admin.deleteQueue(q);
    }
    admin.deleteExchange(names.exchange());
    admin.deleteExchange(names.deadLetterExchange());
    connections.destroy();
  }
}
