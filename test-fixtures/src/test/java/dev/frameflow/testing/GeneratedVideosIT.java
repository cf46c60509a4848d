package dev.frameflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedVideosIT {

  @TempDir Path dir;

  @Test
  void aVideoIsMadeOnceIntoTheNamedDirectory() throws Exception {
    Path first = TestVideos.mp4(dir, 1);
    long modified = Files.getLastModifiedTime(first).toMillis();
    Path again = TestVideos.mp4(dir, 1);

    assertThat(again).isEqualTo(first).hasParent(dir);
    assertThat(Files.getLastModifiedTime(again).toMillis()).isEqualTo(modified);
    // an MP4: a box of type ftyp first
    assertThat(new String(Arrays.copyOfRange(Files.readAllBytes(first), 4, 8))).isEqualTo("ftyp");
    // no half-written leftovers next to it
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(first);
    }
  }

  @Test
  void oneSecondComesInTheAskedContainer() {
    byte[] webm = TestVideos.oneSecond("webm");
    byte[] ts = TestVideos.oneSecond("ts");

    assertThat(Arrays.copyOf(webm, 4)).containsExactly(0x1A, 0x45, 0xDF, 0xA3); // EBML
    assertThat(ts[0]).isEqualTo((byte) 0x47); // MPEG-TS sync byte
    assertThat(ts.length % 188).isZero();
    assertThat(TestVideos.oneSecond("webm")).isSameAs(webm);
  }
}
