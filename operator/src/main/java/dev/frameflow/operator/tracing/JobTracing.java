package dev.frameflow.operator.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Job's pod is told about the video's trace: {@code TRACEPARENT} (the context of the
 * reconcile span that creates the Job, so the extractor's spans are its children) and {@code
 * FRAMEFLOW_VIDEO_ID} (its spans' {@code video.id}); and, only when the operator is configured with
 * an OTLP endpoint for its Jobs, the {@code OTEL_*} variables that make the extractor export.
 * Without an endpoint the extractor stays a no-op tracer: no cost.
 *
 * @param otlpEndpoint the OTLP/HTTP base URL the pods export to ({@code http://collector:4318}),
 *     null or blank for none
 */
public record JobTracing(String otlpEndpoint) {

  public static final String TRACEPARENT_VARIABLE = "TRACEPARENT";
  public static final String TRACESTATE_VARIABLE = "TRACESTATE";
  public static final String VIDEO_ID_VARIABLE = "FRAMEFLOW_VIDEO_ID";
  public static final String OTLP_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
  public static final String SERVICE_NAME_VARIABLE = "OTEL_SERVICE_NAME";
  public static final String EXTRACTOR_SERVICE = "frame-extractor";

  /** No export from the pods (the default); they still get the trace context. */
  public static JobTracing off() {
    return new JobTracing(null);
  }

  public boolean exports() {
    return otlpEndpoint != null && !otlpEndpoint.isBlank();
  }

  /** The variables of a pod created now, under the current span. */
  public Map<String, String> environment(String videoId) {
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, String> current = VideoTraces.headersOf(io.opentelemetry.context.Context.current());
    if (current.containsKey(VideoTraces.TRACEPARENT)) {
      environment.put(TRACEPARENT_VARIABLE, current.get(VideoTraces.TRACEPARENT));
      String state = current.get(VideoTraces.TRACESTATE);
      if (state != null && !state.isEmpty()) {
        environment.put(TRACESTATE_VARIABLE, state);
      }
    }
    if (videoId != null) {
      environment.put(VIDEO_ID_VARIABLE, videoId);
    }
    if (exports()) {
      environment.put(OTLP_ENDPOINT_VARIABLE, otlpEndpoint.strip());
      environment.put(SERVICE_NAME_VARIABLE, EXTRACTOR_SERVICE);
    }
    return environment;
  }
}
