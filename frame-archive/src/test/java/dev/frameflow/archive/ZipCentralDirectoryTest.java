package dev.frameflow.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the api-gateway's thumbnails do with range reads, done on a ZIP in memory: the end record
 * from the last bytes, the directory from where it says, an entry's bytes after its local header.
 */
class ZipCentralDirectoryTest {

  @TempDir Path dir;

  @Test
  void theDirectoryOfAWrittenZipLeadsToEachFramesOwnBytes() throws Exception {
    byte[] first = "first frame".getBytes(StandardCharsets.UTF_8);
    byte[] second = "the second frame, a little longer".getBytes(StandardCharsets.UTF_8);
    byte[] zip = zipOf(List.of(first, second));

    int tailStart = Math.max(0, zip.length - ZipCentralDirectory.MAX_TAIL);
    ZipCentralDirectory.Location location =
        ZipCentralDirectory.locate(Arrays.copyOfRange(zip, tailStart, zip.length), tailStart);
    assertThat(location.needsZip64()).isFalse();
    assertThat(location.entries()).isEqualTo(3);
    List<ZipEntryRef> entries =
        ZipCentralDirectory.entries(
            Arrays.copyOfRange(
                zip, (int) location.offset(), (int) (location.offset() + location.size())));

    assertThat(entries)
        .extracting(ZipEntryRef::name)
        .containsExactly(
            "frame-000001-0.000s.webp", "frame-000002-1.000s.webp", EntryNames.MANIFEST);
    assertThat(entries).extracting(ZipEntryRef::method).containsExactly(0, 0, 8);
    assertThat(bytesOf(zip, entries.get(0))).isEqualTo(first);
    assertThat(bytesOf(zip, entries.get(1))).isEqualTo(second);
  }

  @Test
  void bytesWithoutAnEndRecordAreNotAZip() {
    assertThatThrownBy(() -> ZipCentralDirectory.locate(new byte[100], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a ZIP");
  }

  private static byte[] bytesOf(byte[] zip, ZipEntryRef entry) {
    int header =
        ZipCentralDirectory.localHeaderLength(
            Arrays.copyOfRange(zip, (int) entry.localHeaderOffset(), zip.length));
    int start = (int) entry.localHeaderOffset() + header;
    return Arrays.copyOfRange(zip, start, start + (int) entry.compressedSize());
  }

  private byte[] zipOf(List<byte[]> frames) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FrameZipWriter zip = new FrameZipWriter(bytes)) {
      for (int i = 0; i < frames.size(); i++) {
        Path file = dir.resolve("f" + i);
        Files.write(file, frames.get(i));
        zip.addStored(
            EntryNames.frame(i + 1, i, dev.frameflow.contracts.extraction.ImageFormat.WEBP), file);
      }
      OutputStream manifest = zip.addDeflated(EntryNames.MANIFEST);
      manifest.write("{}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
