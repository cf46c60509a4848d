package dev.frameflow.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The W3C form the rows and messages carry, read back as a parent, and the video log field. */
class TraceParentTest {

  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void aStoredTraceparentIsReadBackAsTheParentAndWrittenAgainUnchanged() {
    Context parent = TraceParent.parentContext(TRACEPARENT, "vendor=opaque");

    assertThat(Span.fromContext(parent).getSpanContext().getTraceId())
        .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(Span.fromContext(parent).getSpanContext().isRemote()).isTrue();
    TraceParent again = TraceParent.of(parent);
    Map<String, String> headers = new LinkedHashMap<>();
    again.writeTo(headers::put);
    assertThat(headers)
        .containsExactly(
            Map.entry("traceparent", TRACEPARENT), Map.entry("tracestate", "vendor=opaque"));
  }

  @Test
  void aMissingOrMalformedHeaderStartsANewTraceInsteadOfFailingTheWork() {
    for (String bad :
        new String[] {null, "", "00-zz-yy-01", "00-" + "0".repeat(32) + "-b7ad6b7169203331-01"}) {
      Context parent = TraceParent.parentContext(bad, null);
      assertThat(Span.fromContext(parent).getSpanContext().isValid()).as(bad).isFalse();
      assertThat(TraceParent.of(parent)).as(bad).isNull();
    }
  }

  @Test
  void noTracestateHeaderIsWrittenWhenThereIsNone() {
    Map<String, String> headers = new LinkedHashMap<>();
    new TraceParent(TRACEPARENT, null).writeTo(headers::put);
    assertThat(headers).containsOnlyKeys("traceparent");
  }

  @Test
  void theVideoLogFieldIsRestoredWhenItsScopeCloses() {
    UUID outer = UUID.randomUUID();
    UUID inner = UUID.randomUUID();
    try (var a = VideoLogContext.put(outer)) {
      try (var b = VideoLogContext.put(inner)) {
        assertThat(MDC.get("video_id")).isEqualTo(inner.toString());
      }
      assertThat(MDC.get("video_id")).isEqualTo(outer.toString());
    }
    assertThat(MDC.get("video_id")).isNull();
  }
}
