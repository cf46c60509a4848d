package dev.frameflow.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;

class StatusMessageRecovererTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StatusMessageRecoverer recoverer = new StatusMessageRecoverer(meters);
  private final Message message = new Message(new byte[0]);

  @Test
  void poisonWrappedByTheContainerGoesToTheDeadLetterQueue() {
    var failure =
        new ListenerExecutionFailedException(
            "listener threw", new AmqpRejectAndDontRequeueException("no video"), message);
    assertThat(StatusMessageRecoverer.isPoison(failure)).isTrue();
    assertThatThrownBy(() -> recoverer.recover(message, failure))
        .isInstanceOf(AmqpRejectAndDontRequeueException.class);
  }

  @Test
  void aTransientFailureIsRequeuedAndCounted() {
    var failure =
        new ListenerExecutionFailedException(
            "listener threw", new IllegalStateException("database down"), message);
    assertThat(StatusMessageRecoverer.isPoison(failure)).isFalse();
    assertThatThrownBy(() -> recoverer.recover(message, failure))
        .isInstanceOf(ImmediateRequeueAmqpException.class);
    assertThat(meters.counter("frameflow.status.consumer.failures", "kind", "transient").count())
        .isEqualTo(1.0);
  }
}
