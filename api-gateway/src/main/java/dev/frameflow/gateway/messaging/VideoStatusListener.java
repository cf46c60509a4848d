package dev.frameflow.gateway.messaging;

import com.rabbitmq.client.Channel;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.status.InvalidStatusEventException;
import dev.frameflow.gateway.status.VideoStatusService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code video.status} with manual acks: ack once applied (or recognised as a duplicate or
 * stale), reject without requeue for poison (unparseable, invalid, unknown video → the DLQ), and
 * requeue after a pause for anything transient (the database is down, say).
 */
public class VideoStatusListener implements ChannelAwareMessageListener {

  private static final Logger log = LoggerFactory.getLogger(VideoStatusListener.class);
  private static final long TRANSIENT_PAUSE_MILLIS = 1000;

  private final VideoStatusService statuses;
  private final JsonMapper json;
  private final MeterRegistry meters;

  public VideoStatusListener(VideoStatusService statuses, JsonMapper json, MeterRegistry meters) {
    this.statuses = statuses;
    this.json = json;
    this.meters = meters;
  }

  @Override
  public void onMessage(Message message, Channel channel) throws IOException {
    long tag = message.getMessageProperties().getDeliveryTag();
    VideoStatusEvent event;
    try {
      event = json.readValue(message.getBody(), VideoStatusEvent.class);
      VideoStatusService.Result result = statuses.apply(event);
      log.debug("video.status {} for {}: {}", event.eventId(), event.videoId(), result);
      channel.basicAck(tag, false);
    } catch (JacksonException | InvalidStatusEventException poison) {
      meters.counter("frameflow.status.consumer.failures", "kind", "poison").increment();
      log.warn("dead-lettering a video.status message: {}", poison.getMessage());
      channel.basicReject(tag, false);
    } catch (RuntimeException transientFailure) {
      meters.counter("frameflow.status.consumer.failures", "kind", "transient").increment();
      log.warn("video.status not applied, will retry: {}", transientFailure.toString());
      pause();
      channel.basicNack(tag, false, true);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(TRANSIENT_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
