package dev.frameflow.gateway.video;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The video containers we accept, recognised by their first bytes (never by the file name or the
 * declared content type, which the client controls).
 */
public enum ContainerFormat {
  MP4,
  MATROSKA,
  AVI,
  MPEG_TS;

  /** How many leading bytes {@link #detect} needs to decide in every case. */
  public static final int SNIFF_BYTES = 188 * 2 + 1;

  private static final Set<String> ISO_BMFF_BOXES =
      Set.of("ftyp", "moov", "mdat", "free", "skip", "wide", "pnot");
  private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
  private static final int TS_PACKET = 188;
  private static final byte TS_SYNC = 0x47;

  public static Optional<ContainerFormat> detect(byte[] head) {
    if (head.length >= 12 && ISO_BMFF_BOXES.contains(ascii(head, 4, 4))) {
      return Optional.of(MP4); // MP4, MOV, M4V, 3GP: ISO base media / QuickTime boxes
    }
    if (head.length >= 4 && Arrays.equals(head, 0, 4, EBML, 0, 4)) {
      return Optional.of(MATROSKA); // MKV and WebM
    }
    if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("AVI ")) {
      return Optional.of(AVI);
    }
    if (isTransportStream(head)) {
      return Optional.of(MPEG_TS);
    }
    return Optional.empty();
  }

  // A sync byte every 188 bytes; a short file must still be whole packets.
  private static boolean isTransportStream(byte[] head) {
    if (head.length < TS_PACKET || head[0] != TS_SYNC) {
      return false;
    }
    for (int offset = TS_PACKET;
        offset < Math.min(head.length, 3 * TS_PACKET);
        offset += TS_PACKET) {
      if (head[offset] != TS_SYNC) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
  }
}
