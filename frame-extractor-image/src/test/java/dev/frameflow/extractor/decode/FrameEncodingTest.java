package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import org.junit.jupiter.api.Test;

class FrameEncodingTest {

  @Test
  void webpUsesLibwebpWithTheQualityMappedOntoItsScale() {
    assertThat(FrameEncoding.webpQuality(2)).isEqualTo(100);
    assertThat(FrameEncoding.webpQuality(31)).isZero();
    assertThat(FrameEncoding.webpQuality(null)).isEqualTo(80);
    ExtractionOptions webp = ExtractionOptions.builder().fps(1.0).format(ImageFormat.WEBP).build();
    assertThat(FrameEncoding.arguments(webp)).containsSequence("-c:v", "libwebp", "-quality", "80");
    assertThat(FrameEncoding.arguments(ExtractionOptions.defaults()))
        .containsSequence("-c:v", "mjpeg", "-q:v", "3");
  }
}
