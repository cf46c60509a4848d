package dev.frameflow.gateway.messaging;

import dev.frameflow.contracts.topology.DeadLetterQueueDepth;
import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.gateway.status.VideoStatusService;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything RabbitMQ: topology, the outbox dispatcher and the {@code video.status} consumer.
 * Active unless {@code frameflow.messaging.mode} says otherwise; with {@code in-process} none of
 * this exists, no connection is ever opened, and another {@code OutboxDispatcher} bean takes over.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "frameflow.messaging.mode",
    havingValue = "rabbitmq",
    matchIfMissing = true)
public class RabbitMessagingConfiguration {

  /**
   * Boot's connection factory from {@code spring.rabbitmq.*}, plus what the outbox relay relies on
   * whatever the properties say: publisher confirms (correlated) and returns.
   */
  @Bean
  CachingConnectionFactory rabbitConnectionFactory(
      RabbitConnectionFactoryBeanConfigurer rabbitFactoryConfigurer,
      CachingConnectionFactoryConfigurer cachingFactoryConfigurer)
      throws Exception {
    RabbitConnectionFactoryBean rabbitFactory = new RabbitConnectionFactoryBean();
    rabbitFactoryConfigurer.configure(rabbitFactory);
    rabbitFactory.afterPropertiesSet();
    CachingConnectionFactory factory = new CachingConnectionFactory(rabbitFactory.getObject());
    cachingFactoryConfigurer.configure(factory);
    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
    factory.setPublisherReturns(true);
    return factory;
  }

  /**
   * Both sides declare the exchange (idempotent); each side declares only the queues it consumes.
   */
  @Bean
  Declarables frameflowTopology() {
    TopicExchange events = ExchangeBuilder.topicExchange(Topology.EXCHANGE).durable(true).build();
    DirectExchange deadLetters =
        ExchangeBuilder.directExchange(Topology.DEAD_LETTER_EXCHANGE).durable(true).build();
    Queue status =
        QueueBuilder.durable(Topology.GATEWAY_STATUS_QUEUE)
            .deadLetterExchange(Topology.DEAD_LETTER_EXCHANGE)
            .deadLetterRoutingKey(Topology.GATEWAY_STATUS_QUEUE)
            .build();
    Queue statusDeadLetters =
        QueueBuilder.durable(Topology.deadLetterQueue(Topology.GATEWAY_STATUS_QUEUE)).build();
    Binding statusBinding =
        BindingBuilder.bind(status).to(events).with(Topology.STATUS_ROUTING_KEY);
    Binding deadLetterBinding =
        BindingBuilder.bind(statusDeadLetters).to(deadLetters).with(Topology.GATEWAY_STATUS_QUEUE);
    return new Declarables(
        events, deadLetters, status, statusDeadLetters, statusBinding, deadLetterBinding);
  }

  @Bean
  RabbitOutboxDispatcher rabbitOutboxDispatcher(
      ConnectionFactory connectionFactory,
      @Value("${frameflow.outbox.confirm-timeout:10s}") Duration confirmTimeout) {
    return new RabbitOutboxDispatcher(connectionFactory, confirmTimeout);
  }

  /** The depth of the dead-letter queue of what this service consumes ({@code video.status}). */
  @Bean(destroyMethod = "close")
  DeadLetterQueueDepth deadLetterQueueDepth(
      ConnectionFactory connectionFactory,
      MeterRegistry meters,
      @Value("${frameflow.messaging.dead-letter-poll-interval:30s}") Duration interval) {
    return new DeadLetterQueueDepth(
            connectionFactory,
            java.util.List.of(Topology.deadLetterQueue(Topology.GATEWAY_STATUS_QUEUE)),
            meters)
        .start(interval);
  }

  @Bean
  VideoStatusListener videoStatusListener(
      VideoStatusService statuses, JsonMapper json, MeterRegistry meters, VideoSpans spans) {
    return new VideoStatusListener(statuses, json, meters, spans);
  }

  /**
   * Spring AMQP's retry advice: a transient failure is tried again in place with backoff (0.5 s, 1
   * s, 2 s), then requeued; poison is never retried and goes to the DLQ.
   */
  @Bean
  SimpleMessageListenerContainer videoStatusListenerContainer(
      ConnectionFactory connectionFactory, VideoStatusListener listener, MeterRegistry meters) {
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(Topology.GATEWAY_STATUS_QUEUE);
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setDefaultRequeueRejected(false);
    container.setAdviceChain(
        RetryInterceptorBuilder.stateless()
            .configureRetryPolicy(
                policy ->
                    policy
                        .maxRetries(3)
                        .delay(Duration.ofMillis(500))
                        .multiplier(2)
                        .maxDelay(Duration.ofSeconds(2))
                        .predicate(failure -> !StatusMessageRecoverer.isPoison(failure)))
            .recoverer(new StatusMessageRecoverer(meters))
            .build());
    container.setPrefetchCount(20);
    container.setConcurrentConsumers(2);
    container.setMissingQueuesFatal(false);
    container.setMessageListener(listener);
    return container;
  }
}
