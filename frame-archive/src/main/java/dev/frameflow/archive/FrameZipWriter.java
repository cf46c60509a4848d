package dev.frameflow.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Streams frames into a ZIP as STORED entries (JPEG and PNG are compressed already: deflating them
 * again costs time for almost no saving) and the manifest as a DEFLATED entry. Only a copy buffer
 * is held in memory; a STORED entry needs its CRC up front, so each frame is read twice (the second
 * time from the page cache).
 */
public final class FrameZipWriter implements AutoCloseable {

  private final ZipOutputStream zip;
  private final byte[] buffer = new byte[1 << 16];

  public FrameZipWriter(OutputStream out) {
    this.zip = new ZipOutputStream(out);
  }

  public void addStored(String name, Path file) throws IOException {
    long size = Files.size(file);
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        zip.write(buffer, 0, n);
      }
    }
    zip.closeEntry();
  }

  /** Opens a DEFLATED entry; write it fully, then call {@link #closeEntry()}. */
  public OutputStream addDeflated(String name) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.DEFLATED);
    zip.putNextEntry(entry);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        zip.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        zip.write(bytes, offset, length);
      }

      @Override
      public void close() {
        // the entry is closed by closeEntry(), the ZIP by the writer
      }
    };
  }

  public void closeEntry() throws IOException {
    zip.closeEntry();
  }

  /** Writes the central directory; the underlying stream is closed too. */
  @Override
  public void close() throws IOException {
    zip.close();
  }
}
