package dev.frameflow.extractor.storage;

import dev.frameflow.objectstreams.MultipartOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An object written in parts, one part in memory: to S3 with credentials, or through the presigned
 * part URLs of the Job. Nothing exists at the target until {@link #commit()}.
 */
final class StreamZipDestination implements ZipDestination {

  private final MultipartOutputStream stream;

  StreamZipDestination(MultipartOutputStream stream) {
    this.stream = stream;
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
