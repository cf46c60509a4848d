package dev.frameflow.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ImageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNamesTest {

  @Test
  void aFrameIsNamedByItsNumberAndTheSecondItWasShownAt() {
    assertThat(EntryNames.frame(42, 41, ImageFormat.JPEG)).isEqualTo("frame-000042-41.000s.jpg");
    assertThat(EntryNames.frame(7, 1.23456, ImageFormat.WEBP))
        .isEqualTo("frame-000007-1.235s.webp");
    // a frame decoded a hair before the container's start is shown at 0
    assertThat(EntryNames.frame(1, -0.02, ImageFormat.PNG)).isEqualTo("frame-000001-0.000s.png");
  }

  @ParameterizedTest
  @EnumSource(ImageFormat.class)
  void everyFormatsFrameNameReadsBackAsWhatItSays(ImageFormat format) {
    String name = EntryNames.frame(1234, 83.5, format);

    assertThat(EntryNames.parse(name)).contains(new EntryNames.Frame(1234, 83.5, format));
  }

  @Test
  void aJpegFrameMayAlsoEndInJpeg() {
    assertThat(EntryNames.parse("frame-000003-1.000s.jpeg"))
        .contains(new EntryNames.Frame(3, 1.0, ImageFormat.JPEG));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        EntryNames.MANIFEST,
        EntryNames.CONTACT_SHEET,
        "storyboard/storyboard.vtt",
        "storyboard/sprite-000.jpg",
        "frame-000001-1.000s.gif",
        "frame-000001.jpg",
        "frames/frame-000001-1.000s.jpg"
      })
  void anythingElseIsNotAFrame(String name) {
    assertThat(EntryNames.parse(name)).isEmpty();
  }
}
