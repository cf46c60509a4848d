package dev.frameflow.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Opens the gateway's spans about a video, each with the {@code video.id} attribute the issue asks
 * every hop to carry. A span is started, not made current: the caller opens a scope with {@link
 * #enter} (which also puts {@code video_id} into the log context) and ends the span itself.
 */
@Component
public class VideoSpans {

  public static final AttributeKey<String> VIDEO_ID = AttributeKey.stringKey("video.id");

  private final Tracer tracer;

  public VideoSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  /** A child of the current span (or a new trace when there is none). */
  public Span start(String name, SpanKind kind, UUID videoId) {
    return start(name, kind, videoId, Context.current());
  }

  /**
   * A child of the current span begun at {@code startedAt}: work whose span is known to be one only
   * once it has run for a while (the tus PATCH that turns out to complete its upload).
   */
  public Span startAt(String name, SpanKind kind, UUID videoId, Instant startedAt) {
    var builder =
        tracer
            .spanBuilder(name)
            .setSpanKind(kind)
            .setParent(Context.current())
            .setStartTimestamp(startedAt);
    if (videoId != null) {
      builder.setAttribute(VIDEO_ID, videoId.toString());
    }
    return builder.startSpan();
  }

  /** A child of the span the stored or received W3C headers name. */
  public Span startFrom(
      String name, SpanKind kind, UUID videoId, String traceparent, String tracestate) {
    return start(name, kind, videoId, TraceParent.parentContext(traceparent, tracestate));
  }

  private Span start(String name, SpanKind kind, UUID videoId, Context parent) {
    var builder = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
    if (videoId != null) {
      builder.setAttribute(VIDEO_ID, videoId.toString());
    }
    return builder.startSpan();
  }

  /** Makes the span current and names its video in the log context, until closed. */
  public static SpanScope enter(Span span, UUID videoId) {
    return new SpanScope(span.makeCurrent(), VideoLogContext.put(videoId));
  }

  /** Marks the span failed with the exception (recorded as an event). */
  public static void failed(Span span, Throwable failure) {
    span.recordException(failure);
    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
  }

  /** The scope of {@link #enter}: closing it restores the previous span and log context. */
  public record SpanScope(io.opentelemetry.context.Scope scope, VideoLogContext.Entry log)
      implements AutoCloseable {
    @Override
    public void close() {
      log.close();
      scope.close();
    }
  }
}
