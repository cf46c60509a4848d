package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.SamplingMode;
import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ApiProblem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadOptionsTest {

  @Test
  void noFieldsMeansOneJpegFramePerSecond() {
    assertThat(options(Map.of())).isEqualTo(ExtractionOptions.defaults());
  }

  @Test
  void anIntervalReplacesTheDefaultRate() {
    ExtractionOptions options =
        options(
            Map.of("intervalSeconds", "2.5", "format", "PNG", "width", "640", "maxFrames", "9"));
    assertThat(options.fps()).isNull();
    assertThat(options.intervalSeconds()).isEqualTo(2.5);
    assertThat(options.format()).isEqualTo(ImageFormat.PNG);
    assertThat(options.width()).isEqualTo(640);
    assertThat(options.maxFrames()).isEqualTo(9);
  }

  @Test
  void badValuesAreRefusedWithTheFieldName() {
    assertRefused(Map.of("fps", "1", "intervalSeconds", "1"), "fps|intervalSeconds");
    assertRefused(Map.of("fps", "-1"), "fps");
    assertRefused(Map.of("fps", "NaN"), "fps");
    assertRefused(Map.of("quality", "1"), "quality");
    assertRefused(Map.of("width", "wide"), "width");
    assertRefused(Map.of("format", "gif"), "format");
  }

  @Test
  void whatTheExtractorWouldRefuseIsRefusedUpFront() {
    assertRefused(Map.of("intervalSeconds", "0.005"), "intervalSeconds");
    assertRefused(Map.of("width", "8"), "width");
    assertRefused(Map.of("maxFrames", "1000000"), "maxFrames");
    assertRefused(Map.of("start", "10", "end", "5"), "end");
  }

  @Test
  void eachSamplingModeAndTheOutputsAreFormFields() {
    assertThat(options(Map.of("count", "8")).mode()).isEqualTo(SamplingMode.COUNT);
    assertThat(options(Map.of("timestamps", "12.5, 50%")).timestamps())
        .containsExactly("12.5", "50%");
    ExtractionOptions keyframes = options(Map.of("keyframes", "true", "minIntervalSeconds", "5"));
    assertThat(keyframes.mode()).isEqualTo(SamplingMode.KEYFRAMES);
    assertThat(keyframes.fps()).isNull();
    ExtractionOptions scene = options(Map.of("scene", "on", "sceneThreshold", "0.5"));
    assertThat(scene.mode()).isEqualTo(SamplingMode.SCENE);
    assertThat(scene.sceneThreshold()).isEqualTo(0.5);
    assertThat(options(Map.of("keyframes", "false")).mode()).isEqualTo(SamplingMode.FPS);
    ExtractionOptions outputs =
        options(
            Map.of(
                "storyboard", "true",
                "storyboardTileWidth", "120",
                "contactSheet", "true",
                "preview", "true",
                "format", "webp"));
    assertThat(outputs.storyboard()).isEqualTo(new StoryboardOptions(null, 120, null, null));
    assertThat(outputs.wantsContactSheet()).isTrue();
    assertThat(outputs.wantsPreview()).isTrue();
    assertThat(outputs.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(options(Map.of("storyboardColumns", "4")).storyboard())
        .isEqualTo(new StoryboardOptions(null, null, 4, null));
  }

  @Test
  void twoModesAreRefusedNamingTheFieldsGiven() {
    assertRefused(Map.of("fps", "2", "count", "8"), "fps|count");
    assertRefused(Map.of("timestamps", "1", "keyframes", "true"), "timestamps|keyframes");
    assertRefused(Map.of("count", "3", "scene", "true"), "count|scene");
    assertRefused(Map.of("keyframes", "maybe"), "keyframes");
    assertRefused(Map.of("timestamps", "1,later"), "timestamps[1]");
    assertRefused(Map.of("sceneThreshold", "0.5"), "sceneThreshold");
    assertRefused(Map.of("storyboardRows", "40"), "storyboard.rows");
  }

  @Test
  void unknownAndRepeatedFieldsAreRefused() {
    UploadOptions options = new UploadOptions();
    assertThatThrownBy(() -> options.add("frames", "3"))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("unknown field 'frames'");
    options.add("fps", "1");
    assertThatThrownBy(() -> options.add("fps", "2"))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("given twice");
  }

  private static ExtractionOptions options(Map<String, String> fields) {
    UploadOptions options = new UploadOptions();
    fields.forEach(options::add);
    return options.checked();
  }

  @SuppressWarnings("unchecked")
  private static void assertRefused(Map<String, String> fields, String field) {
    assertThatThrownBy(() -> options(fields))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> {
              assertThat(problem.status().value()).isEqualTo(400);
              assertThat((List<FieldError>) problem.properties().get("errors"))
                  .extracting(FieldError::field)
                  .containsExactly(field);
              assertThat(problem.getMessage()).startsWith(field + " ");
            });
  }
}
