package dev.frameflow.gateway.video;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The video containers we accept, recognised by their first bytes (never by the file name or the
 * declared content type, which the client controls). A magic number is not enough: the header
 * around it must parse ({@link IsoBoxes}, {@link EbmlHeader}, the AVI header list, three transport
 * stream packets), so that a dozen bytes named like a video is not accepted as one, queued, and
 * turned into Kubernetes objects.
 *
 * <p>{@link #detect} is given the first bytes of the file: at least {@link #SNIFF_BYTES} of them,
 * or the whole file when it is shorter, so a header that would go on past a shorter head is a
 * truncated file.
 */
public enum ContainerFormat {
  MP4,
  MATROSKA,
  AVI,
  MPEG_TS;

  /** How many leading bytes {@link #detect} needs to decide in every case. */
  public static final int SNIFF_BYTES = 188 * 2 + 1;

  private static final int TS_PACKET = 188;
  private static final byte TS_SYNC = 0x47;

  public static Optional<ContainerFormat> detect(byte[] head) {
    if (IsoBoxes.isMovie(head)) {
      return Optional.of(MP4); // MP4, MOV, M4V, 3GP: ISO base media / QuickTime boxes
    }
    if (EbmlHeader.isMatroska(head)) {
      return Optional.of(MATROSKA); // MKV and WebM
    }
    if (isAvi(head)) {
      return Optional.of(AVI);
    }
    if (isTransportStream(head)) {
      return Optional.of(MPEG_TS);
    }
    return Optional.empty();
  }

  /** Whether {@code head} holds the whole file (it is shorter than a full sniffing window). */
  static boolean wholeFile(byte[] head) {
    return head.length < SNIFF_BYTES;
  }

  // RIFF <size> AVI LIST <size> hdrl avih: the header list comes first in every AVI file
  private static boolean isAvi(byte[] head) {
    return head.length >= 28
        && ascii(head, 0, 4).equals("RIFF")
        && ascii(head, 8, 4).equals("AVI ")
        && ascii(head, 12, 4).equals("LIST")
        && ascii(head, 20, 4).equals("hdrl")
        && ascii(head, 24, 4).equals("avih");
  }

  // A sync byte every 188 bytes, three packets' worth (a shorter file holds no video)
  private static boolean isTransportStream(byte[] head) {
    if (head.length < 2 * TS_PACKET + 1) {
      return false;
    }
    for (int offset = 0; offset <= 2 * TS_PACKET; offset += TS_PACKET) {
      if (head[offset] != TS_SYNC) {
        return false;
      }
    }
    return true;
  }

  static String ascii(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
  }
}
