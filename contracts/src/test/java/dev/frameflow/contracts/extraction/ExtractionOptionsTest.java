package dev.frameflow.contracts.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractionOptionsTest {

  @Test
  void theDefaultsAreOneJpegPerSecondAtQualityThree() {
    ExtractionOptions options = ExtractionOptions.defaults();
    assertThat(options.fps()).isEqualTo(1.0);
    assertThat(options.intervalSeconds()).isNull();
    assertThat(options.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(options.quality()).isEqualTo(3);
    assertThat(options.stepSeconds()).isEqualTo(1.0);
    assertThat(options.startSeconds()).isZero();
    assertThat(options.validated()).isSameAs(options);
  }

  @Test
  void pngHasNoQuality() {
    assertThat(
            ExtractionOptions.builder()
                .intervalSeconds(10.0)
                .format(ImageFormat.PNG)
                .build()
                .quality())
        .isNull();
  }

  @Test
  void eachBoundIsCheckedAndTheFieldNamed() {
    assertInvalid(
        ExtractionOptions.builder().fps(1.0).intervalSeconds(2.0),
        "fps|intervalSeconds",
        "not both");
    assertInvalid(ExtractionOptions.builder().fps(0.0), "fps", "must be > 0 and <= 120");
    assertInvalid(ExtractionOptions.builder().fps(500.0), "fps", "must be > 0 and <= 120");
    assertInvalid(
        ExtractionOptions.builder().intervalSeconds(-1.0),
        "intervalSeconds",
        "between 1/120 and 86400");
    assertInvalid(
        ExtractionOptions.builder().intervalSeconds(0.005),
        "intervalSeconds",
        "between 1/120 and 86400");
    assertInvalid(
        ExtractionOptions.builder().intervalSeconds(86_401.0),
        "intervalSeconds",
        "between 1/120 and 86400");
    assertInvalid(ExtractionOptions.builder().quality(1), "quality", "between 2 (best) and 31");
    assertInvalid(ExtractionOptions.builder().quality(32), "quality", "between 2 (best) and 31");
    assertInvalid(ExtractionOptions.builder().maxFrames(0), "maxFrames", "between 1 and 100000");
    assertInvalid(
        ExtractionOptions.builder().maxFrames(100_001), "maxFrames", "between 1 and 100000");
    assertInvalid(ExtractionOptions.builder().width(15), "width", "between 16 and 7680 pixels");
    assertInvalid(ExtractionOptions.builder().width(7681), "width", "between 16 and 7680 pixels");
    assertInvalid(ExtractionOptions.builder().start(-1.0), "start", "between 0 and 86400 seconds");
    assertInvalid(
        ExtractionOptions.builder().start(5.0).end(5.0), "end", "end must be after start");
  }

  @Test
  void theBoundsThemselvesAreAccepted() {
    ExtractionOptions.builder()
        .intervalSeconds(ExtractionLimits.MIN_INTERVAL_SECONDS)
        .build()
        .validated();
    ExtractionOptions.builder().intervalSeconds(86_400.0).build().validated();
    ExtractionOptions.builder()
        .fps(120.0)
        .quality(31)
        .maxFrames(100_000)
        .width(7680)
        .build()
        .validated();
    ExtractionOptions.builder()
        .fps(0.001)
        .quality(2)
        .maxFrames(1)
        .width(16)
        .start(0.0)
        .end(0.5)
        .build()
        .validated();
  }

  @Test
  void formatsParseFromTheirNames() {
    assertThat(ImageFormat.parse("JPEG")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.parse(" jpg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.parse("png")).contains(ImageFormat.PNG);
    assertThat(ImageFormat.parse("gif")).isEmpty();
    assertThat(ImageFormat.parse(null)).isEmpty();
  }

  @Test
  void exactlyOneModeAndTheAnswerNamesTheModesGiven() {
    ExtractionOptions two = ExtractionOptions.builder().fps(2.0).count(8).build();
    assertThatThrownBy(two::validated)
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v -> {
                          assertThat(v.field()).isEqualTo("fps|count");
                          assertThat(v.message()).contains("only one of");
                        }));
    ExtractionOptions keyframesAndScene =
        ExtractionOptions.builder().keyframes(true).scene(true).build();
    assertThatThrownBy(keyframesAndScene::validated)
        .hasMessageContaining("keyframes|scene give only one of");
  }

  @Test
  void eachModeIsReadFromItsField() {
    assertThat(ExtractionOptions.defaults().mode()).isEqualTo(SamplingMode.FPS);
    assertThat(mode(8, null, null, null)).isEqualTo(SamplingMode.COUNT);
    assertThat(mode(null, List.of("1", "50%"), null, null)).isEqualTo(SamplingMode.TIMESTAMPS);
    assertThat(mode(null, null, true, null)).isEqualTo(SamplingMode.KEYFRAMES);
    assertThat(mode(null, null, null, true)).isEqualTo(SamplingMode.SCENE);
    ExtractionOptions scene = options(null, null, null, true, null, null);
    assertThat(scene.fps()).as("no default rate with another mode").isNull();
    assertThat(scene.sceneThreshold()).isEqualTo(ExtractionLimits.DEFAULT_SCENE_THRESHOLD);
    assertThat(scene.validated()).isSameAs(scene);
  }

  @Test
  void theNewOptionsAreBoundedAndNamed() {
    assertThatThrownBy(() -> options(0, null, null, null, null, null).validated())
        .hasMessage("count must be between 1 and 100000");
    assertThatThrownBy(() -> options(null, List.of("1", "abc"), null, null, null, null).validated())
        .hasMessage("timestamps[1] must be seconds (12.5) or a percentage (50%)");
    assertThatThrownBy(() -> options(null, List.of("101%"), null, null, null, null).validated())
        .hasMessageContaining("timestamps seconds must be at most 86400");
    assertThatThrownBy(() -> options(null, List.of("86401"), null, null, null, null).validated())
        .hasMessageContaining("timestamps seconds must be at most 86400");
    assertThatThrownBy(
            () ->
                options(null, java.util.Collections.nCopies(1001, "1"), null, null, null, null)
                    .validated())
        .hasMessage("timestamps must list 1 to 1000 times");
    assertThatThrownBy(() -> options(null, null, null, true, 1.5, null).validated())
        .hasMessage("sceneThreshold must be between 0 and 1");
    assertThatThrownBy(() -> options(5, null, null, null, null, 2.0).validated())
        .hasMessage("minIntervalSeconds goes with keyframes or scene");
    assertThatThrownBy(
            () ->
                ExtractionOptions.builder()
                    .storyboard(new StoryboardOptions(0.5, 8, 0, 21))
                    .build()
                    .validated())
        .hasMessage(
            "storyboard.columns must be between 1 and 20; storyboard.intervalSeconds must be"
                + " between 1 and 86400 seconds; storyboard.rows must be between 1 and 20;"
                + " storyboard.tileWidth must be between 16 and 640 pixels");
    options(null, List.of("0", "12.5", "100%", "86400"), null, null, null, null).validated();
    options(null, null, true, null, null, 0.0).validated();
    assertThat(StoryboardOptions.defaults()).isEqualTo(new StoryboardOptions(10.0, 160, 10, 10));
    assertThat(ImageFormat.parse("WebP")).contains(ImageFormat.WEBP);
  }

  private static SamplingMode mode(
      Integer count, List<String> timestamps, Boolean keyframes, Boolean scene) {
    return options(count, timestamps, keyframes, scene, null, null).mode();
  }

  private static ExtractionOptions options(
      Integer count,
      List<String> timestamps,
      Boolean keyframes,
      Boolean scene,
      Double threshold,
      Double minInterval) {
    return ExtractionOptions.builder()
        .count(count)
        .timestamps(timestamps)
        .keyframes(keyframes)
        .scene(scene)
        .sceneThreshold(threshold)
        .minIntervalSeconds(minInterval)
        .build();
  }

  private static void assertInvalid(ExtractionOptions.Builder opts, String field, String message) {
    assertThatThrownBy(() -> opts.build().validated())
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v -> {
                          assertThat(v.field()).isEqualTo(field);
                          assertThat(v.message()).contains(message);
                        }));
  }

  /** A small builder so each case names only what it sets. */
}
