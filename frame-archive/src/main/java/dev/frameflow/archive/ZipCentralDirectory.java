package dev.frameflow.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ZIP's end records and central directory (PKWARE APPNOTE 4.3.12–4.3.16, with ZIP64), so a
 * few entries can be fetched by range without downloading the archive.
 */
public final class ZipCentralDirectory {

  static final int EOCD_SIGNATURE = 0x06054b50;
  static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  static final int CENTRAL_SIGNATURE = 0x02014b50;
  static final int LOCAL_SIGNATURE = 0x04034b50;
  static final int EOCD_MIN = 22;

  /**
   * The most bytes at the end of an archive that can hold its end record (a comment fills the
   * rest).
   */
  public static final int MAX_TAIL = EOCD_MIN + 0xFFFF;

  private ZipCentralDirectory() {}

  /** Where the central directory is, as the end records say. */
  public record Location(long offset, long size, long entries, long zip64EndOffset) {
    public boolean needsZip64() {
      return zip64EndOffset >= 0;
    }
  }

  /**
   * Finds the end-of-central-directory record in the last bytes of the archive.
   *
   * @param tail the last {@code tail.length} bytes, starting at {@code tailOffset}
   */
  public static Location locate(byte[] tail, long tailOffset) {
    ByteBuffer b = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = tail.length - EOCD_MIN; i >= 0; i--) {
      if (b.getInt(i) != EOCD_SIGNATURE) {
        continue;
      }
      long entries = Short.toUnsignedLong(b.getShort(i + 10));
      long size = Integer.toUnsignedLong(b.getInt(i + 12));
      long offset = Integer.toUnsignedLong(b.getInt(i + 16));
      long zip64End = -1;
      if (i >= 20 && b.getInt(i - 20) == ZIP64_LOCATOR_SIGNATURE) {
        zip64End = b.getLong(i - 20 + 8);
      }
      return new Location(offset, size, entries, zip64End);
    }
    throw new IllegalArgumentException("not a ZIP archive: no end of central directory");
  }

  /** The ZIP64 end record (56 bytes at {@link Location#zip64EndOffset()}) overrides the counts. */
  public static Location zip64(byte[] record, Location plain) {
    ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != ZIP64_EOCD_SIGNATURE) {
      throw new IllegalArgumentException("broken ZIP64 end of central directory");
    }
    return new Location(b.getLong(48), b.getLong(40), b.getLong(32), plain.zip64EndOffset());
  }

  public static List<ZipEntryRef> entries(byte[] directory) {
    ByteBuffer b = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
    List<ZipEntryRef> entries = new ArrayList<>();
    int at = 0;
    while (at + 46 <= directory.length && b.getInt(at) == CENTRAL_SIGNATURE) {
      int method = Short.toUnsignedInt(b.getShort(at + 10));
      long compressed = Integer.toUnsignedLong(b.getInt(at + 20));
      long uncompressed = Integer.toUnsignedLong(b.getInt(at + 24));
      int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
      int extraLength = Short.toUnsignedInt(b.getShort(at + 30));
      int commentLength = Short.toUnsignedInt(b.getShort(at + 32));
      long offset = Integer.toUnsignedLong(b.getInt(at + 42));
      String name = new String(directory, at + 46, nameLength, StandardCharsets.UTF_8);
      // ZIP64 extended information: the 8-byte values, in this order, of the fields that are full
      int extra = at + 46 + nameLength;
      int extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        int id = Short.toUnsignedInt(b.getShort(extra));
        int length = Short.toUnsignedInt(b.getShort(extra + 2));
        if (id == 0x0001) {
          int field = extra + 4;
          if (uncompressed == 0xFFFFFFFFL) {
            field += 8;
          }
          if (compressed == 0xFFFFFFFFL) {
            compressed = b.getLong(field);
            field += 8;
          }
          if (offset == 0xFFFFFFFFL) {
            offset = b.getLong(field);
          }
        }
        extra += 4 + length;
      }
      entries.add(new ZipEntryRef(name, method, compressed, offset));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  /** Length of a local file header (it precedes the entry's data) from its first 30 bytes. */
  public static int localHeaderLength(byte[] header) {
    ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != LOCAL_SIGNATURE) {
      throw new IllegalArgumentException("broken ZIP: no local header where the directory says");
    }
    return 30 + Short.toUnsignedInt(b.getShort(26)) + Short.toUnsignedInt(b.getShort(28));
  }
}
