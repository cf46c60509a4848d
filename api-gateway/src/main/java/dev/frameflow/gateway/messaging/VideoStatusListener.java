package dev.frameflow.gateway.messaging;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.status.InvalidStatusEventException;
import dev.frameflow.gateway.status.VideoStatusService;
import dev.frameflow.gateway.tracing.TraceParent;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.util.UUID;
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
 *
 * <p>Each delivery is a span ({@code video.status consume}), a child of the operator's span named
 * by the message's {@code traceparent} header: what the status change causes (the email, webhooks)
 * stays in the video's trace.
 */
public class VideoStatusListener implements MessageListener {

  private static final Logger log = LoggerFactory.getLogger(VideoStatusListener.class);

  private final VideoStatusService statuses;
  private final JsonMapper json;
  private final MeterRegistry meters;
  private final VideoSpans spans;

  public VideoStatusListener(
      VideoStatusService statuses, JsonMapper json, MeterRegistry meters, VideoSpans spans) {
    this.statuses = statuses;
    this.json = json;
    this.meters = meters;
    this.spans = spans;
  }

  @Override
  public void onMessage(Message message) {
    Span span =
        spans.startFrom(
            "video.status consume",
            SpanKind.CONSUMER,
            null,
            header(message, TraceParent.TRACEPARENT),
            header(message, TraceParent.TRACESTATE));
    try (var scope = span.makeCurrent()) {
      VideoStatusEvent event;
      try {
        event = json.readValue(message.getBody(), VideoStatusEvent.class);
      } catch (JacksonException poison) {
        throw poison(span, poison);
      }
      UUID videoId = event == null ? null : event.videoId();
      if (videoId != null) {
        span.setAttribute(VideoSpans.VIDEO_ID, videoId.toString());
      }
      try (var video = VideoSpans.enter(span, videoId)) {
        VideoStatusService.Result result = statuses.apply(event);
        log.debug("video.status {} for {}: {}", event.eventId(), videoId, result);
      } catch (InvalidStatusEventException poison) {
        throw poison(span, poison);
      } catch (RuntimeException transientFailure) {
        VideoSpans.failed(span, transientFailure);
        throw transientFailure;
      }
    } finally {
      span.end();
    }
  }

  private AmqpRejectAndDontRequeueException poison(Span span, RuntimeException poison) {
    VideoSpans.failed(span, poison);
    meters.counter("frameflow.status.consumer.failures", "kind", "poison").increment();
    log.warn("dead-lettering a video.status message: {}", poison.getMessage());
    return new AmqpRejectAndDontRequeueException(poison.getMessage(), poison);
  }

  private static String header(Message message, String name) {
    Object value = message.getMessageProperties().getHeader(name);
    return value == null ? null : value.toString();
  }
}
