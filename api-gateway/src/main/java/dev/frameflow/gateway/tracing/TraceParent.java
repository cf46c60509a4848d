package dev.frameflow.gateway.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A span context in its W3C form ({@code traceparent} and, when present, {@code tracestate}): what
 * is written into a database row or a message header so that work done later, or elsewhere,
 * continues the same trace. Always W3C whatever Boot's propagation settings say: it is the contract
 * with the operator and the extractor.
 */
public record TraceParent(String traceparent, String tracestate) {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /** The current span's context, or null when no sampled or recording span is current. */
  public static TraceParent current() {
    return of(Context.current());
  }

  /** The context's span in W3C form; null when it has no valid span. */
  public static TraceParent of(Context context) {
    Map<String, String> headers = new HashMap<>();
    W3C.inject(context, headers, Map::put);
    String traceparent = headers.get(TRACEPARENT);
    return traceparent == null ? null : new TraceParent(traceparent, headers.get(TRACESTATE));
  }

  /** The traceparent of the current span, or null: what a row stores. */
  public static String currentHeader() {
    TraceParent current = current();
    return current == null ? null : current.traceparent();
  }

  /**
   * A context whose parent is the span these headers name; the root context when they are absent or
   * malformed (a bad header starts a new trace rather than failing the work).
   */
  public static Context parentContext(String traceparent, String tracestate) {
    if (traceparent == null || traceparent.isBlank()) {
      return Context.root();
    }
    Map<String, String> headers = new HashMap<>();
    headers.put(TRACEPARENT, traceparent);
    if (tracestate != null && !tracestate.isBlank()) {
      headers.put(TRACESTATE, tracestate);
    }
    return W3C.extract(Context.root(), headers, MAP_GETTER);
  }

  /** Writes the headers with the setter ({@code tracestate} only when there is one). */
  public void writeTo(BiConsumer<String, String> setter) {
    setter.accept(TRACEPARENT, traceparent);
    if (tracestate != null && !tracestate.isEmpty()) {
      setter.accept(TRACESTATE, tracestate);
    }
  }
}
