package dev.frameflow.gateway.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;

/**
 * What happens to a {@code video.status} message once the retry advice stops trying: poison goes to
 * the dead-letter queue, a transient failure goes back to the queue to be tried again later (never
 * dropped: the status of a video would be lost).
 */
class StatusMessageRecoverer implements MessageRecoverer {

  private static final Logger log = LoggerFactory.getLogger(StatusMessageRecoverer.class);

  private final MeterRegistry meters;

  StatusMessageRecoverer(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void recover(Message message, Throwable cause) {
    if (isPoison(cause)) {
      throw new AmqpRejectAndDontRequeueException("poison video.status message", cause);
    }
    meters.counter("frameflow.status.consumer.failures", "kind", "transient").increment();
    log.warn("video.status not applied after retries, requeueing: {}", cause.toString());
    throw new ImmediateRequeueAmqpException("requeue after retries", cause);
  }

  /** The listener refused the message for good (the container wraps what it throws). */
  static boolean isPoison(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof AmqpRejectAndDontRequeueException) {
        return true;
      }
    }
    return false;
  }
}
