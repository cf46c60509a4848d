package dev.frameflow.operator.tracing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * Adds the variables of a pod created under the span of {@code context} to each of the Job's
   * containers (replacing any of the same name).
   */
  public Job applyTo(Job job, String videoId, Context context) {
    Map<String, String> environment = environment(videoId, context);
    for (Container container : job.getSpec().getTemplate().getSpec().getContainers()) {
      List<EnvVar> env =
          new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
      env.removeIf(v -> environment.containsKey(v.getName()));
      environment.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
      container.setEnv(env);
    }
    return job;
  }

  /** The variables of a pod created under the span of {@code context}. */
  public Map<String, String> environment(String videoId, Context context) {
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, String> current = VideoTraces.headersOf(context);
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
