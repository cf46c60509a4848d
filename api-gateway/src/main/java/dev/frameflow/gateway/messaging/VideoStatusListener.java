package dev.frameflow.gateway.messaging;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.status.InvalidStatusEventException;
import dev.frameflow.gateway.status.VideoStatusService;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies {@code video.status} messages. A message that can never be applied (unparseable, invalid,
 * unknown video) is poison: it is refused with {@link AmqpRejectAndDontRequeueException}, which the
 * container's retry does not retry and which lands it in the DLQ. Anything else (the database is
 * down, say) is thrown as is: the container's retry advice tries again with backoff and then
 * requeues ({@link StatusMessageRecoverer}).
 */
public class VideoStatusListener implements MessageListener {

  private static final Logger log = LoggerFactory.getLogger(VideoStatusListener.class);

  private final VideoStatusService statuses;
  private final JsonMapper json;
  private final MeterRegistry meters;

  public VideoStatusListener(VideoStatusService statuses, JsonMapper json, MeterRegistry meters) {
    this.statuses = statuses;
    this.json = json;
    this.meters = meters;
  }

  @Override
  public void onMessage(Message message) {
    VideoStatusEvent event;
    try {
      event = json.readValue(message.getBody(), VideoStatusEvent.class);
      VideoStatusService.Result result = statuses.apply(event);
      log.debug("video.status {} for {}: {}", event.eventId(), event.videoId(), result);
    } catch (JacksonException | InvalidStatusEventException poison) {
      meters.counter("frameflow.status.consumer.failures", "kind", "poison").increment();
      log.warn("dead-lettering a video.status message: {}", poison.getMessage());
      throw new AmqpRejectAndDontRequeueException(poison.getMessage(), poison);
    }
  }
}
