package dev.frameflow.operator.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.operator.tracing.VideoTraces;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes to the events exchange with publisher confirms and the mandatory flag: the call returns
 * only after the broker confirmed the message and routed it to at least one queue. A message nobody
 * would receive counts as not published, so it is retried rather than lost. Each message carries
 * the W3C {@code traceparent} (and {@code tracestate}) of the span current when it was submitted.
 */
public class RabbitStatusPublisher implements StatusPublisher {

  private final RabbitTemplate rabbit;
  private final String exchange;
  private final Duration confirmTimeout;
  // instants as RFC 3339 text, as docs/events.md says
  private final ObjectMapper json =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /**
   * @param rabbit a template whose connection factory has correlated publisher confirms and
   *     publisher returns enabled
   */
  public RabbitStatusPublisher(RabbitTemplate rabbit, String exchange, Duration confirmTimeout) {
    this.rabbit = rabbit;
    this.exchange = exchange;
    this.confirmTimeout = confirmTimeout;
    rabbit.setMandatory(true);
  }

  @Override
  public void publish(VideoStatusEvent event) throws PublishFailedException {
    try {
      MessageProperties properties = new MessageProperties();
      properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
      properties.setContentEncoding(StandardCharsets.UTF_8.name());
      properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
      properties.setMessageId(event.eventId().toString());
      properties.setType(event.type());
      // the trace of the span that produced the event (the sender keeps it across its thread)
      VideoTraces.headersOf(Context.current()).forEach(properties::setHeader);
      Message message = new Message(json.writeValueAsBytes(event), properties);
      CorrelationData correlation = new CorrelationData(event.eventId().toString());
      rabbit.send(exchange, Topology.STATUS_ROUTING_KEY, message, correlation);
      CorrelationData.Confirm confirm =
          correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!confirm.ack()) {
        throw new PublishFailedException("broker refused " + describe(event), null);
      }
      if (correlation.getReturned() != null) {
        throw new PublishFailedException(
            "no queue is bound for " + describe(event) + " on exchange " + exchange, null);
      }
    } catch (PublishFailedException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while publishing " + describe(event), e);
    } catch (Exception e) {
      throw new PublishFailedException("could not publish " + describe(event), e);
    }
  }

  private static String describe(VideoStatusEvent event) {
    return "video.status " + event.eventId() + " of video " + event.videoId();
  }
}
