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

  /** What passed sniffing on its magic number alone: each is refused now. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0000000c 66747970 6d703432", // a 12-byte "MP4": ftyp and a brand, nothing else
        "00000014 66747970 6d703432 00000000 69736f6d", // a whole ftyp box, no box after it
        "00000018 66747970 69736f6d 00000200 69736f6d 69736f32 00000000 00000000", // then zeros
        "0000000d 66747970 69736f6d 00000200 69", // an ftyp size that is no number of brands
        "00000018 66747970 01020304 00000200 69736f6d 69736f32 00000008 66726565", // binary brand
        "00000010 6d646174 00000000 00000000", // a QuickTime mdat that is the whole (tiny) file
        "1a45dfa3 00000000 00000000", // the EBML magic number and nothing that parses
        "1a45dfa3 84 4282 8877 6562 6d", // an EBML header cut off, no Segment
        "1a45dfa3 87 4282 84 77656270 18538067", // DocType "webp", not Matroska
        "52494646 00000000 41564920", // RIFF....AVI  with no header list
      })
  void aMagicNumberWithoutAParsableHeaderIsRefused(String hex) {
    byte[] bytes = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    assertThat(ContainerFormat.detect(bytes)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void wellFormedHeadersAreRecognisedWhateverFollows() {
    byte[] mp4 = new byte[ContainerFormat.SNIFF_BYTES];
    byte[] header =
        java.util.HexFormat.of()
            .parseHex(
                "00000018 66747970 69736f6d 00000200 69736f6d 69736f32 00000008 66726565 00100000 6d646174"
                    .replace(" ", ""));
    System.arraycopy(header, 0, mp4, 0, header.length);
    assertThat(ContainerFormat.detect(mp4)).hasValue(ContainerFormat.MP4);

    byte[] webm =
        java.util.HexFormat.of()
            .parseHex("1a45dfa3 87 4282 84 7765626d 18538067 01".replace(" ", ""));
    assertThat(ContainerFormat.detect(webm)).hasValue(ContainerFormat.MATROSKA);

    byte[] ts = new byte[ContainerFormat.SNIFF_BYTES];
    ts[0] = 0x47;
    ts[188] = 0x47;
    ts[376] = 0x47;
    assertThat(ContainerFormat.detect(ts)).hasValue(ContainerFormat.MPEG_TS);
    assertThat(ContainerFormat.detect(java.util.Arrays.copyOf(ts, 188))).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aSingleSyncByteIsNotATransportStream() {
    byte[] bytes = new byte[400];
    bytes[0] = 0x47;
    assertThat(ContainerFormat.detect(bytes)).isEmpty();
  }
}
