package dev.frameflow.gateway.tracing;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing defaults for every application that contains the gateway (the standalone mode included,
 * whatever its own configuration says); added last, so an explicit setting wins:
 *
 * <ul>
 *   <li>every trace is sampled (Boot samples 10 %): one trace per video is the point, and a video
 *       is a few dozen spans;
 *   <li>no OTLP export of metrics (the starter would push them to localhost:4318 every minute;
 *       metrics are scraped from {@code /actuator/prometheus}). Spans are exported over OTLP only
 *       when {@code management.opentelemetry.tracing.export.otlp.endpoint} is set;
 *   <li>the readable console pattern shows the {@code trace_id} and {@code span_id} log fields.
 * </ul>
 */
public class TracingDefaults implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "frameflowTracingDefaults",
                Map.of(
                    "management.tracing.sampling.probability", "1.0",
                    "management.otlp.metrics.export.enabled", "false",
                    "logging.pattern.correlation", "[%X{trace_id:-},%X{span_id:-}] ")));
  }
}
