package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.gateway.problem.ApiProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractionOptionsTest {

  @Test
  void noFieldsMeansOneJpegFramePerSecond() {
    assertThat(ExtractionOptions.fromFields(Map.of())).isEqualTo(ExtractionOptions.DEFAULT);
  }

  @Test
  void anIntervalReplacesTheDefaultRate() {
    ExtractionOptions options =
        ExtractionOptions.fromFields(
            Map.of("intervalSeconds", "2.5", "format", "PNG", "width", "640", "maxFrames", "9"));
    assertThat(options.fps()).isNull();
    assertThat(options.intervalSeconds()).isEqualTo(2.5);
    assertThat(options.format()).isEqualTo("png");
    assertThat(options.width()).isEqualTo(640);
    assertThat(options.maxFrames()).isEqualTo(9);
  }

  @Test
  void badValuesAreRefusedWithTheFieldName() {
    assertThatThrownBy(
            () -> ExtractionOptions.fromFields(Map.of("fps", "1", "intervalSeconds", "1")))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("either");
    assertThatThrownBy(() -> ExtractionOptions.fromFields(Map.of("fps", "-1")))
        .hasMessageContaining("fps");
    assertThatThrownBy(() -> ExtractionOptions.fromFields(Map.of("fps", "NaN")))
        .hasMessageContaining("fps");
    assertThatThrownBy(() -> ExtractionOptions.fromFields(Map.of("quality", "1")))
        .hasMessageContaining("quality");
    assertThatThrownBy(() -> ExtractionOptions.fromFields(Map.of("width", "wide")))
        .hasMessageContaining("width");
    assertThatThrownBy(() -> ExtractionOptions.fromFields(Map.of("format", "gif")))
        .hasMessageContaining("format");
  }
}
