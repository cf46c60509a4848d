package dev.frameflow.gateway.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans every gateway context of the test JVM ends, in memory (one exporter for all contexts: a
 * status message may be taken by any context's consumer). Only spans about a video, or of a trace a
 * test made up, are kept: the suite's thousands of HTTP requests are not.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedSpans {

  /** The trace ids a test made up (its "operator") start with this: their spans are kept. */
  public static final String TEST_TRACE_PREFIX = "feed";

  private static final AttributeKey<String> VIDEO_ID = AttributeKey.stringKey("video.id");
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  @Bean
  SpanExporter recordedSpansExporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return SPANS.export(
            spans.stream()
                .filter(
                    span ->
                        span.getAttributes().get(VIDEO_ID) != null
                            || span.getTraceId().startsWith(TEST_TRACE_PREFIX))
                .toList());
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        // contexts close one by one; the recorded spans outlive them
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  /** Every recorded span so far. */
  public static List<SpanData> all() {
    return SPANS.getFinishedSpanItems();
  }

  /** The recorded spans with this name about this video. */
  public static List<SpanData> named(String name, String videoId) {
    return all().stream()
        .filter(span -> span.getName().equals(name))
        .filter(span -> videoId.equals(span.getAttributes().get(VIDEO_ID)))
        .toList();
  }

  /** The recorded spans of one trace. */
  public static List<SpanData> inTrace(String traceId) {
    return all().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }
}
