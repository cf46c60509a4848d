package dev.frameflow.objectstreams;

import java.io.IOException;
import java.util.List;

/**
 * Where the parts of one object go: S3 through the SDK ({@link S3PartWriter}) or presigned part
 * URLs ({@link PresignedPartWriter}). {@link MultipartOutputStream} cuts the bytes into parts and
 * calls these; {@link #writePart} may run on several threads at once, the others never overlap.
 */
public interface PartWriter {

  /**
   * Uploads part {@code partNumber} (from 1) holding {@code bytes[0..length)}; returns its ETag.
   */
  String writePart(int partNumber, byte[] bytes, int length) throws IOException;

  /** Stores the whole object, which fit in one part, in one request. */
  void writeWhole(byte[] bytes, int length) throws IOException;

  /** Makes the object out of the parts written (in part number order). */
  void complete(List<CompletedPart> parts) throws IOException;

  /** Cancels the upload; best effort (the bucket's lifecycle rule removes what is left). */
  void abort();

  /** The most parts this writer can take (S3: 10,000; presigned: as many URLs as it was given). */
  int maxParts();

  /** One written part. */
  record CompletedPart(int partNumber, String eTag) {}
}
