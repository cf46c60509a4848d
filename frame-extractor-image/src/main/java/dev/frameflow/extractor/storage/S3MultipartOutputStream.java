package dev.frameflow.extractor.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams bytes into one S3 object through a multipart upload, holding a single part in memory. An
 * object smaller than one part is sent with a plain PUT on {@link #complete()}. Nothing exists at
 * the key until {@link #complete()}; {@link #abort()} cancels the upload.
 */
final class S3MultipartOutputStream extends OutputStream {

  /** S3's minimum size of every part but the last. */
  static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String contentType;
  private final byte[] part;
  private final List<CompletedPart> completed = new ArrayList<>();
  private int filled;
  private long total;
  private String uploadId;
  private boolean closed;

  S3MultipartOutputStream(
      S3Client s3, String bucket, String key, String contentType, int partSize) {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("S3 parts are at least " + MIN_PART_SIZE + " bytes");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.contentType = contentType;
    this.part = new byte[partSize];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ensureOpen();
    while (length > 0) {
      int n = Math.min(length, part.length - filled);
      System.arraycopy(bytes, offset, part, filled, n);
      filled += n;
      total += n;
      offset += n;
      length -= n;
      if (filled == part.length) {
        uploadPart();
      }
    }
  }

  /** The ZIP writer closes its stream when done; completing is a separate, explicit step. */
  @Override
  public void close() {}

  long complete() throws IOException {
    ensureOpen();
    closed = true;
    if (uploadId == null) {
      s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), filledPart());
      return total;
    }
    if (filled > 0) {
      uploadPart();
    }
    s3.completeMultipartUpload(
        b ->
            b.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
    return total;
  }

  void abort() {
    closed = true;
    if (uploadId != null) {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    }
  }

  private void uploadPart() {
    if (uploadId == null) {
      uploadId =
          s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
              .uploadId();
    }
    int number = completed.size() + 1;
    String etag =
        s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), filledPart())
            .eTag();
    completed.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    filled = 0;
  }

  /** The filled part of the buffer, without copying it. */
  private RequestBody filledPart() {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(part, 0, filled), filled, "application/octet-stream");
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("upload of s3://" + bucket + "/" + key + " already finished");
    }
  }
}
