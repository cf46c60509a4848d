package dev.frameflow.gateway.video;

/**
 * The start of a Matroska or WebM file: the EBML header element (ID {@code 1A45DFA3}, a valid size,
 * its children well-formed), a DocType of {@code matroska} or {@code webm} in it, and the Segment
 * element's ID right after it.
 */
final class EbmlHeader {

  private static final int EBML_ID = 0x1A45DFA3;
  private static final int DOC_TYPE_ID = 0x4282;
  private static final int SEGMENT_ID = 0x18538067;
  // the header holds a handful of short children; anything longer is not one
  private static final int MAX_HEADER_BYTES = 256;

  private EbmlHeader() {}

  static boolean isMatroska(byte[] head) {
    if (head.length < 8 || readId(head, 0) != EBML_ID) {
      return false;
    }
    long[] size = readSize(head, 4);
    if (size == null || size[0] < 3 || size[0] > MAX_HEADER_BYTES) {
      return false;
    }
    int body = 4 + (int) size[1];
    int end = body + (int) size[0];
    if (end + 4 > head.length) {
      return false; // the file ends before its Segment
    }
    String docType = null;
    for (int at = body; at < end; ) {
      int id = readId(head, at);
      if (id < 0) {
        return false;
      }
      int idLength = idLength(head[at]);
      long[] child = readSize(head, at + idLength);
      if (child == null) {
        return false;
      }
      int data = at + idLength + (int) child[1];
      if (data + child[0] > end) {
        return false;
      }
      if (id == DOC_TYPE_ID) {
        docType = ContainerFormat.ascii(head, data, (int) child[0]).replace("\0", "");
      }
      at = data + (int) child[0];
    }
    return ("matroska".equals(docType) || "webm".equals(docType))
        && readId(head, end) == SEGMENT_ID;
  }

  // An element ID keeps its length marker: 1 to 4 bytes; -1 when malformed or cut off
  private static int readId(byte[] bytes, int at) {
    if (at >= bytes.length) {
      return -1;
    }
    int length = idLength(bytes[at]);
    if (length > 4 || at + length > bytes.length) {
      return -1;
    }
    int id = 0;
    for (int i = 0; i < length; i++) {
      id = id << 8 | (bytes[at + i] & 0xff);
    }
    return id;
  }

  private static int idLength(byte first) {
    int leadingZeros = Integer.numberOfLeadingZeros(first & 0xff) - 24;
    return leadingZeros + 1; // 9 for a zero byte: malformed
  }

  /** {value, length in bytes}; null when malformed, cut off, or "unknown size". */
  private static long[] readSize(byte[] bytes, int at) {
    if (at >= bytes.length || bytes[at] == 0) {
      return null;
    }
    int length = idLength(bytes[at]);
    if (at + length > bytes.length) {
      return null;
    }
    long value = bytes[at] & (0xff >> length);
    boolean allOnes = value == (0xff >> length);
    for (int i = 1; i < length; i++) {
      value = value << 8 | (bytes[at + i] & 0xff);
      allOnes &= (bytes[at + i] & 0xff) == 0xff;
    }
    return allOnes ? null : new long[] {value, length};
  }
}
