package dev.frameflow.extractor.cli;

import dev.frameflow.extractor.Phases;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The run's span in the video's trace. A Job's pod gets {@code TRACEPARENT} (the operator's span
 * that created the Job) and {@code FRAMEFLOW_VIDEO_ID}; the run's span ({@code extract}, {@code
 * probe}, {@code slice}, ...) is a child of it and the extraction's phases are children of the
 * run's. Spans are exported over OTLP/HTTP only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set
 * (the SDK is built by hand, not autoconfigured: a few classes, no scan of the environment), and
 * flushed before the process exits; without it the tracer is the API's no-op one: nothing is
 * recorded.
 */
final class CliTracing implements AutoCloseable {

  static final String ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String SERVICE_NAME_VARIABLE = "OTEL_SERVICE_NAME";
  static final String TRACEPARENT_VARIABLE = "TRACEPARENT";
  static final String TRACESTATE_VARIABLE = "TRACESTATE";
  static final String VIDEO_ID_VARIABLE = "FRAMEFLOW_VIDEO_ID";
  static final String SLICE_INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
  static final String DEFAULT_SERVICE = "frame-extractor";

  /** How long the spans may take to leave when the run ends. */
  static final long FLUSH_SECONDS = 10;

  private static final TextMapGetter<Map<String, String>> ENV =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier.get(key.toUpperCase(java.util.Locale.ROOT));
        }
      };

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final String videoId;
  private Span span = Span.getInvalid();
  private Scope scope;

  private CliTracing(OpenTelemetrySdk sdk, OpenTelemetry api, String videoId) {
    this.sdk = sdk;
    this.tracer = api.getTracer("dev.frameflow.extractor");
    this.videoId = videoId;
  }

  static CliTracing fromEnvironment(Map<String, String> env) {
    String videoId = blankToNull(env.get(VIDEO_ID_VARIABLE));
    String endpoint = blankToNull(env.get(ENDPOINT_VARIABLE));
    if (endpoint == null) {
      return new CliTracing(null, OpenTelemetry.noop(), videoId);
    }
    String service = blankToNull(env.get(SERVICE_NAME_VARIABLE));
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                service == null ? DEFAULT_SERVICE : service))))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    return new CliTracing(sdk, sdk, videoId);
  }

  /** The signal-specific URL of an OTLP/HTTP base endpoint, as the SDK's autoconfigure makes it. */
  static String tracesUrl(String endpoint) {
    String base = endpoint.strip();
    return (base.endsWith("/") ? base : base + "/") + "v1/traces";
  }

  /**
   * Starts the run's span, child of {@code TRACEPARENT} when there is one, and makes it current on
   * this thread until {@link #close}.
   */
  CliTracing start(String name, Map<String, String> env) {
    Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), env, ENV);
    var builder = tracer.spanBuilder(name).setParent(parent);
    if (videoId != null) {
      builder.setAttribute("video.id", videoId);
    }
    String slice = blankToNull(env.get(SLICE_INDEX_VARIABLE));
    if (slice != null) {
      builder.setAttribute("slice.index", slice);
    }
    span = builder.startSpan();
    scope = span.makeCurrent();
    return this;
  }

  Tracer tracer() {
    return tracer;
  }

  /** Sends what is buffered now (a server's spans before it exits). */
  void flush() {
    if (sdk != null) {
      sdk.getSdkTracerProvider().forceFlush().join(FLUSH_SECONDS, TimeUnit.SECONDS);
    }
  }

  Phases phases() {
    return new Phases(tracer);
  }

  /** The log fields of the run's lines: {@code trace_id}, {@code span_id}, {@code video_id}. */
  String logFields() {
    StringBuilder fields = new StringBuilder();
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      fields.append(",\"trace_id\":\"").append(context.getTraceId()).append('"');
      fields.append(",\"span_id\":\"").append(context.getSpanId()).append('"');
    }
    if (videoId != null && videoId.matches("[0-9a-fA-F-]{1,64}")) {
      fields.append(",\"video_id\":\"").append(videoId).append('"');
    }
    return fields.toString();
  }

  /** The run's exit code: anything but success marks its span failed. */
  void ended(int exitCode) {
    span.setAttribute("process.exit.code", exitCode);
    if (exitCode != 0) {
      span.setStatus(StatusCode.ERROR, "exit " + exitCode);
    }
  }

  /** Ends the run's span and sends what is left (the process exits next). */
  @Override
  public void close() {
    if (scope != null) {
      scope.close();
    }
    span.end();
    if (sdk != null) {
      sdk.getSdkTracerProvider().shutdown().join(FLUSH_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
