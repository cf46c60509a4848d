package dev.frameflow.operator.tracing;

import dev.frameflow.videojob.MetadataKeys;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's side of a video's trace. The context travels as W3C {@code traceparent} and {@code
 * tracestate}: in the headers of {@code video.uploaded} and {@code video.status}, in the VideoJob's
 * annotations ({@link MetadataKeys#TRACEPARENT}), in a Job pod's {@code TRACEPARENT}. Only W3C,
 * whatever else the process propagates: that is the contract with the gateway and the extractor.
 */
public final class VideoTraces {

  /** The span attribute (and log field {@code video_id}) every span about a video carries. */
  public static final String VIDEO_ID = "video.id";

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, ?>> MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, ?> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, ?> carrier, String key) {
          Object value = carrier == null ? null : carrier.get(key);
          return value == null ? null : value.toString();
        }
      };

  private final Tracer tracer;

  public VideoTraces(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.frameflow.operator");
  }

  /** No spans, no export: what tests and code paths without tracing get. */
  public static VideoTraces none() {
    return new VideoTraces(OpenTelemetry.noop());
  }

  /** The context in message headers (or any map of W3C fields); the root context if none. */
  public static Context fromHeaders(Map<String, ?> headers) {
    return headers == null ? Context.root() : W3C.extract(Context.root(), headers, MAP);
  }

  /** The W3C fields of {@code context} (empty when it has no valid span). */
  public static Map<String, String> headersOf(Context context) {
    Map<String, String> fields = new HashMap<>();
    W3C.inject(context, fields, (carrier, key, value) -> carrier.put(key, value));
    return fields;
  }

  /** The context a VideoJob's annotations hold; the root context if none. */
  public static Context fromAnnotations(Map<String, String> annotations) {
    if (annotations == null || annotations.get(MetadataKeys.TRACEPARENT) == null) {
      return Context.root();
    }
    Map<String, String> fields = new HashMap<>();
    fields.put(TRACEPARENT, annotations.get(MetadataKeys.TRACEPARENT));
    if (annotations.get(MetadataKeys.TRACESTATE) != null) {
      fields.put(TRACESTATE, annotations.get(MetadataKeys.TRACESTATE));
    }
    return fromHeaders(fields);
  }

  /** The annotations that keep {@code context} on a VideoJob (empty when it has no valid span). */
  public static Map<String, String> annotationsOf(Context context) {
    Map<String, String> annotations = new HashMap<>();
    Map<String, String> fields = headersOf(context);
    if (fields.containsKey(TRACEPARENT)) {
      annotations.put(MetadataKeys.TRACEPARENT, fields.get(TRACEPARENT));
    }
    if (fields.containsKey(TRACESTATE) && !fields.get(TRACESTATE).isEmpty()) {
      annotations.put(MetadataKeys.TRACESTATE, fields.get(TRACESTATE));
    }
    return annotations;
  }

  /** The current span's {@code traceparent}, when there is a valid current span. */
  public static Optional<String> currentTraceparent() {
    return Optional.ofNullable(headersOf(Context.current()).get(TRACEPARENT));
  }

  /** A span about {@code videoId}, child of {@code parent}, current until closed. */
  public VideoSpan start(String name, Context parent, String videoId) {
    return start(name, parent, videoId, SpanKind.INTERNAL, null);
  }

  /**
   * As {@link #start(String, Context, String)}, of {@code kind}, begun at {@code startedAt} (null:
   * now): a pass whose span is decided once it has seen what it did.
   */
  public VideoSpan start(
      String name, Context parent, String videoId, SpanKind kind, Instant startedAt) {
    SpanBuilder builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind);
    if (videoId != null) {
      builder.setAttribute(VIDEO_ID, videoId);
    }
    if (startedAt != null) {
      builder.setStartTimestamp(startedAt);
    }
    return VideoSpan.open(builder.startSpan(), videoId);
  }

  /** A span that already ended (e.g. the probe: from its Job's creation to its measure). */
  public void record(
      String name, Context parent, String videoId, Instant startedAt, Map<String, Object> more) {
    SpanBuilder builder =
        tracer
            .spanBuilder(name)
            .setParent(parent)
            .setStartTimestamp(startedAt)
            .setAttribute(VIDEO_ID, videoId);
    more.forEach((key, value) -> builder.setAttribute(key, String.valueOf(value)));
    builder.startSpan().end();
  }

  /**
   * A span that already ended, with its own start and end (e.g. a slice: from its pod's status);
   * numbers are kept as numbers, anything else as text.
   */
  public void record(
      String name,
      Context parent,
      String videoId,
      Instant startedAt,
      Instant endedAt,
      Map<String, Object> more) {
    SpanBuilder builder = tracer.spanBuilder(name).setParent(parent).setStartTimestamp(startedAt);
    if (videoId != null) {
      builder.setAttribute(VIDEO_ID, videoId);
    }
    more.forEach(
        (key, value) -> {
          if (value instanceof Number number) {
            builder.setAttribute(key, number.longValue());
          } else {
            builder.setAttribute(key, String.valueOf(value));
          }
        });
    builder.startSpan().end(endedAt.isBefore(startedAt) ? startedAt : endedAt);
  }

  /** Whether {@code context} carries a trace (a valid span context). */
  public static boolean isTraced(Context context) {
    SpanContext span = Span.fromContext(context).getSpanContext();
    return span.isValid();
  }
}
