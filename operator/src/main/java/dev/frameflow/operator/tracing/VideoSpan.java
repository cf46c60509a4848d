package dev.frameflow.operator.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A span made current with its log fields: while it is open every log line of the thread carries
 * {@code trace_id}, {@code span_id} and {@code video_id} (the structured JSON logs show them as
 * fields), and what the thread hands on (an outcome to publish, a Job to create) sees its context.
 * Closing it restores the thread's previous fields and ends the span.
 */
public final class VideoSpan implements AutoCloseable {

  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String VIDEO_ID = "video_id";

  private final Span span;
  private final Scope scope;
  private final String previousTrace;
  private final String previousSpan;
  private final String previousVideo;

  private VideoSpan(Span span, String videoId) {
    this.span = span;
    this.previousTrace = MDC.get(TRACE_ID);
    this.previousSpan = MDC.get(SPAN_ID);
    this.previousVideo = MDC.get(VIDEO_ID);
    this.scope = span.makeCurrent();
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      MDC.put(TRACE_ID, context.getTraceId());
      MDC.put(SPAN_ID, context.getSpanId());
    }
    if (videoId != null) {
      MDC.put(VIDEO_ID, videoId);
    }
  }

  static VideoSpan open(Span span, String videoId) {
    return new VideoSpan(span, videoId);
  }

  /** The context of this span, e.g. to keep on the VideoJob. */
  public Context context() {
    return Context.current().with(span);
  }

  public VideoSpan attribute(String key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
    return this;
  }

  /** The work failed: the span says so (the exception's type and message, no stack). */
  public void failed(Throwable e) {
    span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    span.recordException(e);
  }

  @Override
  public void close() {
    scope.close();
    restore(TRACE_ID, previousTrace);
    restore(SPAN_ID, previousSpan);
    restore(VIDEO_ID, previousVideo);
    span.end();
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
