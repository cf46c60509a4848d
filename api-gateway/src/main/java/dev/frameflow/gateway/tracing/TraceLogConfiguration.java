package dev.frameflow.gateway.tracing;

import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The log fields of the current span are {@code trace_id} and {@code span_id} (Micrometer's default
 * keys are {@code traceId}/{@code spanId}): the same names as the operator's and the extractor's
 * lines, and as OpenTelemetry's log data model, so that one query finds a trace's lines in every
 * service. Boot backs off its own listener when this bean exists.
 */
@Configuration(proxyBeanMethods = false)
public class TraceLogConfiguration {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  @Bean
  Slf4JEventListener traceLogFields() {
    return new Slf4JEventListener(TRACE_ID, SPAN_ID);
  }
}
