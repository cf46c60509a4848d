package dev.frameflow.contracts.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractionOptionsFormTest {

  @Test
  void theFieldsAreTheRecordsComponentsAndTheStoryboardsFlattened() {
    assertThat(ExtractionOptions.FIELDS)
        .containsExactlyElementsOf(
            Arrays.stream(ExtractionOptions.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList())
        .startsWith("fps", "intervalSeconds", "format")
        .contains("storyboard", "contactSheet");
    assertThat(ExtractionOptions.STORYBOARD_FORM_FIELDS)
        .containsExactly(
            "storyboardIntervalSeconds",
            "storyboardTileWidth",
            "storyboardColumns",
            "storyboardRows");
    assertThat(ExtractionOptionsForm.names())
        .containsAll(ExtractionOptions.FIELDS)
        .containsAll(ExtractionOptions.STORYBOARD_FORM_FIELDS)
        .hasSize(ExtractionOptions.FIELDS.size() + ExtractionOptions.STORYBOARD_FORM_FIELDS.size());
  }

  @Test
  void eachSamplingModeIsAnOption() {
    for (SamplingMode mode : SamplingMode.values()) {
      assertThat(ExtractionOptions.FIELDS).contains(mode.field());
    }
  }

  @Test
  void textFieldsReadIntoTheRecord() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("timestamps", "12.5, 50%");
    form.put("format", "PNG");
    form.put("width", " 640 ");
    form.put("storyboardTileWidth", "200");
    form.put("contactSheet", "on");
    form.put("preview", "true");
    form.put("start", "");

    ExtractionOptions options = ExtractionOptionsForm.read(form);

    assertThat(options)
        .isEqualTo(
            ExtractionOptions.builder()
                .timestamps("12.5", "50%")
                .format(ImageFormat.PNG)
                .width(640)
                .storyboard(new StoryboardOptions(null, 200, null, null))
                .contactSheet(true)
                .preview(true)
                .build());
  }

  @Test
  void aFalseFlagIsTheSameAsNone() {
    assertThat(ExtractionOptionsForm.read(Map.of("keyframes", "false", "storyboard", "off")))
        .isEqualTo(ExtractionOptions.defaults());
    assertThat(ExtractionOptionsForm.read(Map.of("storyboard", "true")).storyboard())
        .isEqualTo(StoryboardOptions.defaults());
  }

  @Test
  void unreadableValuesAreNamedBeforeAnyBoundIsChecked() {
    assertThatThrownBy(
            () ->
                ExtractionOptionsForm.read(
                    Map.of("fps", "fast", "quality", "2.5", "format", "gif", "scene", "maybe")))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new Violation("fps", "must be a number"),
                        new Violation("format", "must be jpeg, png or webp"),
                        new Violation("quality", "must be a whole number"),
                        new Violation("scene", "must be true or false")));
    assertThatThrownBy(() -> ExtractionOptionsForm.read(Map.of("fps", "Infinity")))
        .hasMessage("fps must be a number");
    assertThatThrownBy(() -> ExtractionOptionsForm.read(Map.of("crop", "1")))
        .hasMessage("crop is not an option");
  }

  @Test
  void boundsAreTheRecordsOwn() {
    assertThatThrownBy(() -> ExtractionOptionsForm.read(Map.of("fps", "121", "width", "8")))
        .hasMessage("fps must be > 0 and <= 120; width must be between 16 and 7680 pixels");
    assertThatThrownBy(() -> ExtractionOptionsForm.read(Map.of("storyboardColumns", "21")))
        .hasMessage("storyboard.columns must be between 1 and 20");
  }

  @Test
  void writtenFieldsReadBackTheSameOptions() {
    ExtractionOptions options =
        ExtractionOptions.builder()
            .scene(true)
            .sceneThreshold(0.45)
            .minIntervalSeconds(2.0)
            .format(ImageFormat.WEBP)
            .quality(10)
            .start(1.5)
            .end(30.0)
            .storyboard(new StoryboardOptions(5.0, 120, 4, 3))
            .contactSheet(true)
            .build();

    Map<String, String> form = ExtractionOptionsForm.write(options);

    assertThat(form)
        .containsEntry("scene", "true")
        .containsEntry("end", "30")
        .containsEntry("format", "webp")
        .containsEntry("storyboard", "true")
        .containsEntry("storyboardColumns", "4")
        .doesNotContainKey("fps");
    assertThat(ExtractionOptionsForm.read(form)).isEqualTo(options);
    assertThat(
            ExtractionOptionsForm.write(ExtractionOptions.builder().timestamps("1", "50%").build()))
        .containsEntry("timestamps", "1,50%");
  }

  @Test
  void eachFieldIsDocumentedWithItsBounds() {
    Map<String, ExtractionOptionsForm.Field> fields = new LinkedHashMap<>();
    ExtractionOptionsForm.fields().forEach(f -> fields.put(f.name(), f));

    assertThat(fields.values()).allSatisfy(f -> assertThat(f.description()).isNotBlank());
    assertThat(fields.get("fps"))
        .isEqualTo(
            new ExtractionOptionsForm.Field(
                "fps",
                Double.class,
                fields.get("fps").description(),
                "0",
                false,
                ExtractionLimits.MAX_FPS_TEXT,
                List.of()));
    assertThat(fields.get("format").choices()).containsExactly("jpeg", "png", "webp");
    assertThat(fields.get("format").description()).contains("webp");
    assertThat(fields.get("timestamps").type()).isEqualTo(String.class);
    assertThat(fields.get("storyboard").type()).isEqualTo(Boolean.class);
    assertThat(fields.get("storyboardTileWidth"))
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(Integer.class);
              assertThat(f.min()).isEqualTo(ExtractionLimits.MIN_TILE_WIDTH_TEXT);
              assertThat(f.max()).isEqualTo(ExtractionLimits.MAX_TILE_WIDTH_TEXT);
              assertThat(f.description()).startsWith("Storyboard: ");
            });
  }

  /**
   * The CRD's schema takes its bounds from fabric8's own annotations, beside each {@code @Between}:
   * the two say the same numbers, so the API server refuses exactly what the validator refuses.
   */
  @Test
  void theCrdsBoundsAreTheValidatorsBounds() throws Exception {
    for (Class<?> type : List.of(ExtractionOptions.class, StoryboardOptions.class)) {
      for (RecordComponent component : type.getRecordComponents()) {
        java.lang.reflect.Field field = type.getDeclaredField(component.getName());
        dev.frameflow.contracts.validation.Between between =
            field.getAnnotation(dev.frameflow.contracts.validation.Between.class);
        io.fabric8.generator.annotation.Min min =
            field.getAnnotation(io.fabric8.generator.annotation.Min.class);
        io.fabric8.generator.annotation.Max max =
            field.getAnnotation(io.fabric8.generator.annotation.Max.class);
        if (between == null) {
          assertThat(min).as(component.getName()).isNull();
          continue;
        }
        assertThat(min.value())
            .as(component.getName())
            .isEqualTo(Double.parseDouble(between.min()));
        assertThat(min.inclusive()).as(component.getName()).isEqualTo(between.minInclusive());
        assertThat(max.value())
            .as(component.getName())
            .isEqualTo(Double.parseDouble(between.max()));
      }
    }
  }
}
