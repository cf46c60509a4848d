package dev.frameflow.extractor.storage;

import java.io.IOException;
import java.io.OutputStream;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 object written by a streaming multipart upload. */
final class S3ZipDestination implements ZipDestination {

  private final S3MultipartOutputStream stream;

  S3ZipDestination(S3Client s3, ObjectLocation.S3Object target, int partSize) {
    this.stream =
        new S3MultipartOutputStream(s3, target.bucket(), target.key(), "application/zip", partSize);
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public long commit() throws IOException {
    return stream.complete();
  }

  @Override
  public void abort() {
    try {
      stream.abort();
    } catch (RuntimeException ignored) {
      // S3 expires abandoned uploads through the bucket's lifecycle rule
    }
  }
}
