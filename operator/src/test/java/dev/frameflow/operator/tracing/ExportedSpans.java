package dev.frameflow.operator.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** The operator's {@link VideoTraces} with every span it ends kept in memory, as it ends. */
final class ExportedSpans implements AutoCloseable {

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exported))
                  .build())
          .build();
  private final VideoTraces traces = new VideoTraces(sdk);

  /** What the operator is given to trace with. */
  VideoTraces traces() {
    return traces;
  }

  /** The spans ended so far. */
  List<SpanData> finished() {
    return exported.getFinishedSpanItems();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
