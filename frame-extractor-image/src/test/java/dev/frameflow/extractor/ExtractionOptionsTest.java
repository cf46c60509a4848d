package dev.frameflow.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  }

  @Test
  void pngHasNoQuality() {
    assertThat(
            new ExtractionOptions(null, 10.0, ImageFormat.PNG, null, null, null, null, null)
                .quality())
        .isNull();
  }

  @Test
  void invalidOptionsAreBadInputWithTheReason() {
    assertBad(new Opts().fps(1.0).interval(2.0), "give either fps or intervalSeconds, not both");
    assertBad(new Opts().fps(0.0), "fps must be > 0 and <= 120 but was 0.0");
    assertBad(new Opts().fps(500.0), "fps must be > 0 and <= 120 but was 500.0");
    assertBad(new Opts().interval(-1.0), "intervalSeconds must be > 0 but was -1.0");
    assertBad(new Opts().quality(1), "quality must be between 2 (best) and 31 but was 1");
    assertBad(new Opts().quality(32), "quality must be between 2 (best) and 31 but was 32");
    assertBad(new Opts().maxFrames(0), "maxFrames must be >= 1 but was 0");
    assertBad(new Opts().width(1), "width must be between 2 and 16384 but was 1");
    assertBad(new Opts().start(-1.0), "start must be >= 0 but was -1.0");
    assertBad(new Opts().start(5.0).end(5.0), "end (5.0) must be after start (5.0)");
  }

  @Test
  void formatsParseFromTheirNames() {
    assertThat(ImageFormat.parse("JPEG")).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.parse("jpg")).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.parse("png")).isEqualTo(ImageFormat.PNG);
    assertThatThrownBy(() -> ImageFormat.parse("gif"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("unknown image format: gif (jpeg or png)");
  }

  private static void assertBad(Opts opts, String reason) {
    assertThatThrownBy(opts::build).isInstanceOf(BadInputException.class).hasMessage(reason);
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
