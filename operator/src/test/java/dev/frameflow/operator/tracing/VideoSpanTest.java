package dev.frameflow.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.videojob.MetadataKeys;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The log fields of a video's span, and its context as the VideoJob keeps it. */
class VideoSpanTest {

  static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void whileOpenEveryLineNamesTheTraceTheSpanAndTheVideoThenThePreviousFieldsReturn() {
    VideoTraces traces =
        new VideoTraces(
            OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build());
    MDC.put("video_id", "outer");
    try (VideoSpan span =
        traces.start("bridge", VideoTraces.fromHeaders(Map.of("traceparent", PARENT)), "v-1")) {
      assertThat(MDC.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(MDC.get("span_id")).hasSize(16).isNotEqualTo("b7ad6b7169203331");
      assertThat(MDC.get("video_id")).isEqualTo("v-1");
      Map<String, String> annotations = VideoTraces.annotationsOf(span.context());
      assertThat(annotations.get(MetadataKeys.TRACEPARENT))
          .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-" + MDC.get("span_id") + "-01");
      assertThat(VideoTraces.isTraced(VideoTraces.fromAnnotations(annotations))).isTrue();
    } finally {
      assertThat(MDC.get("trace_id")).isNull();
      assertThat(MDC.get("span_id")).isNull();
      assertThat(MDC.get("video_id")).isEqualTo("outer");
      MDC.clear();
    }
  }

  @Test
  void aVideoJobWithoutTheAnnotationStartsNoTraceOfItsOwn() {
    assertThat(VideoTraces.isTraced(VideoTraces.fromAnnotations(Map.of()))).isFalse();
    assertThat(VideoTraces.annotationsOf(Context.root())).isEmpty();
  }
}
