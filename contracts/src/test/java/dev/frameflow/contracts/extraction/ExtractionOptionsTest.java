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
            new ExtractionOptions(null, 10.0, ImageFormat.PNG, null, null, null, null, null)
                .quality())
        .isNull();
  }

  @Test
  void eachBoundIsCheckedAndTheFieldNamed() {
    assertInvalid(new Opts().fps(1.0).interval(2.0), "fps|intervalSeconds", "not both");
    assertInvalid(new Opts().fps(0.0), "fps", "must be > 0 and <= 120");
    assertInvalid(new Opts().fps(500.0), "fps", "must be > 0 and <= 120");
    assertInvalid(new Opts().interval(-1.0), "intervalSeconds", "between 1/120 and 86400");
    assertInvalid(new Opts().interval(0.005), "intervalSeconds", "between 1/120 and 86400");
    assertInvalid(new Opts().interval(86_401.0), "intervalSeconds", "between 1/120 and 86400");
    assertInvalid(new Opts().quality(1), "quality", "between 2 (best) and 31");
    assertInvalid(new Opts().quality(32), "quality", "between 2 (best) and 31");
    assertInvalid(new Opts().maxFrames(0), "maxFrames", "between 1 and 100000");
    assertInvalid(new Opts().maxFrames(100_001), "maxFrames", "between 1 and 100000");
    assertInvalid(new Opts().width(15), "width", "between 16 and 7680 pixels");
    assertInvalid(new Opts().width(7681), "width", "between 16 and 7680 pixels");
    assertInvalid(new Opts().start(-1.0), "start", "between 0 and 86400 seconds");
    assertInvalid(new Opts().start(5.0).end(5.0), "end", "end must be after start");
  }

  @Test
  void theBoundsThemselvesAreAccepted() {
    new Opts().interval(ExtractionLimits.MIN_INTERVAL_SECONDS).build().validated();
    new Opts().interval(86_400.0).build().validated();
    new Opts().fps(120.0).quality(31).maxFrames(100_000).width(7680).build().validated();
    new Opts().fps(0.001).quality(2).maxFrames(1).width(16).start(0.0).end(0.5).build().validated();
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
    ExtractionOptions two =
        new ExtractionOptions(
            2.0, null, null, null, null, null, null, null, 8, null, null, null, null, null, null,
            null);
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
        new ExtractionOptions(
            null, null, null, null, null, null, null, null, null, null, true, true, null, null,
            null, null);
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
                new ExtractionOptions(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new StoryboardOptions(0.5, 8, 0, 21),
                        null)
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
    return new ExtractionOptions(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        count,
        timestamps,
        keyframes,
        scene,
        threshold,
        minInterval,
        null,
        null);
  }

  private static void assertInvalid(Opts opts, String field, String message) {
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
  private static final class Opts {
    Double fps;
    Double interval;
    Integer quality;
    Integer maxFrames;
    Integer width;
    Double start;
    Double end;

    Opts fps(Double value) {
      fps = value;
      return this;
    }

    Opts interval(Double value) {
      interval = value;
      return this;
    }

    Opts quality(Integer value) {
      quality = value;
      return this;
    }

    Opts maxFrames(Integer value) {
      maxFrames = value;
      return this;
    }

    Opts width(Integer value) {
      width = value;
      return this;
    }

    Opts start(Double value) {
      start = value;
      return this;
    }

    Opts end(Double value) {
      end = value;
      return this;
    }

    ExtractionOptions build() {
      return new ExtractionOptions(fps, interval, null, quality, maxFrames, width, start, end);
    }
  }
}
