package dev.frameflow.extractor.frameserver;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A rendered picture: its bytes, {@code Content-Type}, strong {@code ETag} (the quoted hex SHA-256
 * of the bytes, so equal pictures have equal tags whichever replica made them) and, for a frame,
 * the frame's own presentation time in seconds (null for an animation).
 */
public record RenderedImage(
    byte[] bytes, String contentType, String etag, Double frameTimeSeconds) {

  /** The picture with its tag computed from the bytes. */
  public static RenderedImage of(byte[] bytes, String contentType, Double frameTimeSeconds) {
    return new RenderedImage(bytes, contentType, etagOf(bytes), frameTimeSeconds);
  }

  /** {@code "<hex sha-256>"}, quotes included. */
  public static String etagOf(byte[] bytes) {
    try {
      return '"'
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Whether an {@code If-None-Match} value names this picture: {@code *}, or a list of tags one of
   * which is this one (weakly compared, as RFC 9110 says for this header).
   */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String candidate = tag.strip();
      if (candidate.equals("*")) {
        return true;
      }
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
