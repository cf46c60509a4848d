package dev.frameflow.archive;

import dev.frameflow.contracts.slicing.SliceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes one index's part of a sliced ZIP: STORED local entries back to back, nothing else (the
 * central directory is the final step's). Remembers each entry's CRC, size and offset within the
 * part for the index's {@link dev.frameflow.contracts.slicing.SliceIndex}.
 */
public final class PartZipWriter {

  private final OutputStream out;
  private final long dosTime;
  private final byte[] buffer = new byte[1 << 16];
  private final List<SliceEntry> entries = new ArrayList<>();
  private long offset;

  /**
   * @param modifiedMillis the entries' modification time (the final step writes the same in the
   *     central directory)
   */
  public PartZipWriter(OutputStream out, long modifiedMillis) {
    this.out = out;
    this.dosTime = ZipRecords.dosTime(modifiedMillis);
  }

  /** Appends {@code file} as a STORED entry (read twice: for its CRC, then its bytes). */
  public SliceEntry addStored(
      String name, Path file, double timestamp, double requestedTimestamp, boolean keyframe)
      throws IOException {
    long size = Files.size(file);
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    byte[] header =
        ZipRecords.localHeader(name, ZipRecords.STORED, crc.getValue(), size, size, dosTime);
    SliceEntry entry =
        new SliceEntry(name, crc.getValue(), size, offset, timestamp, requestedTimestamp, keyframe);
    out.write(header);
    long copied = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    if (copied != size) {
      throw new IOException("frame file changed while zipping: " + file);
    }
    offset += header.length + size;
    entries.add(entry);
    return entry;
  }

  public List<SliceEntry> entries() {
    return List.copyOf(entries);
  }

  /** Bytes written so far. */
  public long bytes() {
    return offset;
  }

  public long dosTime() {
    return dosTime;
  }
}
