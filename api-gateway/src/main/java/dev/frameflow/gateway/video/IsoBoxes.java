package dev.frameflow.gateway.video;

import java.util.Set;

/**
 * The start of an ISO base media (MP4, M4V, 3GP) or QuickTime (MOV) file: a well-formed first box
 * and the header of the box after it. Normally the first box is {@code ftyp} (its size a whole
 * number of brands, the brands printable) followed by a top-level box ({@code moov}, {@code mdat},
 * {@code free}...); old QuickTime files start directly with such a top-level box.
 */
final class IsoBoxes {

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "moov", "mdat", "free", "skip", "wide", "uuid", "pdin", "meta", "moof", "sidx", "styp",
          "pnot", "prft", "emsg", "mfra", "ssix");
  private static final Set<String> QUICKTIME_FIRST = Set.of("moov", "mdat", "wide", "free", "skip");
  // major brand, minor version and a few compatible brands; more would not fit the sniff window
  private static final int MAX_FTYP = ContainerFormat.SNIFF_BYTES - 8;

  private IsoBoxes() {}

  static boolean isMovie(byte[] head) {
    if (head.length < 16) {
      return false;
    }
    String type = ContainerFormat.ascii(head, 4, 4);
    long size = uint32(head, 0);
    if (type.equals("ftyp")) {
      if (size < 16 || size > MAX_FTYP || (size - 8) % 4 != 0 || !brandsPrintable(head, size)) {
        return false;
      }
      return nextBoxIsTopLevel(head, (int) size);
    }
    if (!QUICKTIME_FIRST.contains(type)) {
      return false;
    }
    if (size == 1) { // a 64-bit size follows the type
      long large = uint32(head, 8) << 32 | uint32(head, 12);
      size = large >= 16 ? large : -1;
    }
    if (size < 8) {
      return false; // 0 (to the end of the file) cannot be the first of several boxes
    }
    if (size + 8 <= head.length) {
      return nextBoxIsTopLevel(head, (int) size);
    }
    // the box goes on past the head: fine in a longer file, a truncation in a short one
    return !ContainerFormat.wholeFile(head);
  }

  private static boolean brandsPrintable(byte[] head, long ftypSize) {
    if (!Character.isLetterOrDigit(head[8])) {
      return false;
    }
    for (int i = 8; i < Math.min(ftypSize, head.length); i++) {
      if (i >= 12 && i < 16) {
        continue; // minor version: a number
      }
      if ((head[i] < 0x20 || head[i] > 0x7e) && head[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean nextBoxIsTopLevel(byte[] head, int offset) {
    if (offset + 8 > head.length) {
      return false; // the file ends (or the head does) where the next box should start
    }
    long size = uint32(head, offset);
    return (size == 0 || size == 1 || size >= 8)
        && TOP_LEVEL.contains(ContainerFormat.ascii(head, offset + 4, 4));
  }

  private static long uint32(byte[] bytes, int offset) {
    return (bytes[offset] & 0xffL) << 24
        | (bytes[offset + 1] & 0xffL) << 16
        | (bytes[offset + 2] & 0xffL) << 8
        | (bytes[offset + 3] & 0xffL);
  }
}
