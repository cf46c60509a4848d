package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.testing.TestVideos;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerFormatTest {

  @ParameterizedTest
  @CsvSource({"mp4, MP4", "mov, MP4", "mkv, MATROSKA", "webm, MATROSKA", "avi, AVI", "ts, MPEG_TS"})
  void realVideosMadeByFfmpegAreRecognisedByTheirFirstBytes(String extension, String expected) {
    assertThat(ContainerFormat.detect(TestVideos.oneSecond(extension)))
        .hasValue(ContainerFormat.valueOf(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GIF89a and then some image data",
        "%PDF-1.7 a document",
        "RIFF....WAVEfmt a wave file, not AVI",
        "<html><body>hello</body></html>",
        ""
      })
  void otherContentIsRefused(String content) {
    assertThat(ContainerFormat.detect(content.getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aSingleSyncByteIsNotATransportStream() {
    byte[] bytes = new byte[400];
    bytes[0] = 0x47;
    assertThat(ContainerFormat.detect(bytes)).isEmpty();
  }
}
