package dev.frameflow.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The ZIP format's records (APPNOTE 6.3), written by hand because a sliced ZIP is written in pieces
 * by different processes: each index writes local entries whose offsets it knows only within its
 * part, and the final step writes the central directory with the offsets in the whole file. ZIP64
 * records are written only where a value does not fit in 32 (or 16) bits.
 */
final class ZipRecords {

  static final int STORED = 0;
  static final int DEFLATED = 8;

  /** General purpose flag 11: names are UTF-8. */
  private static final int UTF8 = 1 << 11;

  private static final long MAX32 = 0xFFFFFFFFL;
  private static final int MAX16 = 0xFFFF;

  private ZipRecords() {}

  /** Local file header of an entry whose CRC and sizes are known up front (no data descriptor). */
  static byte[] localHeader(
      String name, int method, long crc, long compressedSize, long size, long dosTime) {
    if (compressedSize >= MAX32 || size >= MAX32) {
      throw new IllegalArgumentException("entry too large for a sliced ZIP: " + name);
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    Le out = new Le(30 + nameBytes.length);
    out.u32(0x04034b50L);
    out.u16(method == STORED ? 10 : 20);
    out.u16(UTF8);
    out.u16(method);
    out.u32(dosTime);
    out.u32(crc);
    out.u32(compressedSize);
    out.u32(size);
    out.u16(nameBytes.length);
    out.u16(0);
    out.bytes(nameBytes);
    return out.toByteArray();
  }

  /** Central directory header; the local header's offset goes to a ZIP64 field past 4 GiB. */
  static byte[] centralHeader(
      String name,
      int method,
      long crc,
      long compressedSize,
      long size,
      long dosTime,
      long offset) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    boolean zip64 = offset >= MAX32;
    Le out = new Le(46 + nameBytes.length + (zip64 ? 12 : 0));
    out.u32(0x02014b50L);
    out.u16(zip64 ? 45 : 20);
    out.u16(zip64 ? 45 : (method == STORED ? 10 : 20));
    out.u16(UTF8);
    out.u16(method);
    out.u32(dosTime);
    out.u32(crc);
    out.u32(compressedSize);
    out.u32(size);
    out.u16(nameBytes.length);
    out.u16(zip64 ? 12 : 0);
    out.u16(0); // comment
    out.u16(0); // disk
    out.u16(0); // internal attributes
    out.u32(0); // external attributes
    out.u32(zip64 ? MAX32 : offset);
    out.bytes(nameBytes);
    if (zip64) {
      out.u16(0x0001);
      out.u16(8);
      out.u64(offset);
    }
    return out.toByteArray();
  }

  /**
   * The end of the archive: a ZIP64 end record and locator when the entry count, the directory's
   * size or its offset overflow the classic record, then the classic record (with the overflowing
   * values at their maximum, as readers expect).
   */
  static byte[] end(long entries, long directorySize, long directoryOffset) {
    boolean zip64 = entries >= MAX16 || directorySize >= MAX32 || directoryOffset >= MAX32;
    Le out = new Le(22 + (zip64 ? 76 : 0));
    if (zip64) {
      long recordOffset = directoryOffset + directorySize;
      out.u32(0x06064b50L);
      out.u64(44);
      out.u16(45);
      out.u16(45);
      out.u32(0);
      out.u32(0);
      out.u64(entries);
      out.u64(entries);
      out.u64(directorySize);
      out.u64(directoryOffset);
      out.u32(0x07064b50L);
      out.u32(0);
      out.u64(recordOffset);
      out.u32(1);
    }
    out.u32(0x06054b50L);
    out.u16(0);
    out.u16(0);
    out.u16((int) Math.min(entries, MAX16));
    out.u16((int) Math.min(entries, MAX16));
    out.u32(Math.min(directorySize, MAX32));
    out.u32(Math.min(directoryOffset, MAX32));
    out.u16(0);
    return out.toByteArray();
  }

  /** MS-DOS date and time (local time, 2 s resolution) as the ZIP format stores them. */
  static long dosTime(long epochMillis) {
    LocalDateTime t =
        LocalDateTime.ofInstant(
            java.time.Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault());
    if (t.getYear() < 1980) {
      return (1 << 21) | (1 << 16);
    }
    return ((long) (t.getYear() - 1980) << 25)
        | ((long) t.getMonthValue() << 21)
        | ((long) t.getDayOfMonth() << 16)
        | ((long) t.getHour() << 11)
        | ((long) t.getMinute() << 5)
        | (t.getSecond() >> 1);
  }

  /** Little-endian bytes. */
  private static final class Le extends ByteArrayOutputStream {
    Le(int size) {
      super(size);
    }

    void u16(int v) {
      write(v & 0xFF);
      write((v >>> 8) & 0xFF);
    }

    void u32(long v) {
      for (int i = 0; i < 4; i++) {
        write((int) (v >>> (8 * i)) & 0xFF);
      }
    }

    void u64(long v) {
      for (int i = 0; i < 8; i++) {
        write((int) (v >>> (8 * i)) & 0xFF);
      }
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }
  }
}
