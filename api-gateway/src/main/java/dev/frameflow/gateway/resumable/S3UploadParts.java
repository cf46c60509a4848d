package dev.frameflow.gateway.resumable;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.gateway.resumable.ResumableUploadRepository.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * The S3 side of a resumable upload: a multipart upload writing the video's source object, and a
 * small tail object holding the bytes after the last whole part (S3 parts must be at least 5 MiB
 * except the last, while a tus PATCH may carry any number of bytes).
 */
@Component
class S3UploadParts {

  private static final Logger log = LoggerFactory.getLogger(S3UploadParts.class);
  private static final String OCTET_STREAM = "application/octet-stream";

  private final S3Client s3;

  S3UploadParts(S3Client s3) {
    this.s3 = s3;
  }

  /** The object that holds the bytes after the last whole part of an upload. */
  static String tailKey(UUID uploadId) {
    return "resumable/" + uploadId + "/tail";
  }

  String begin(ObjectRef target, UUID videoId) {
    return s3.createMultipartUpload(
            b ->
                b.bucket(target.bucket())
                    .key(target.key())
                    .contentType(OCTET_STREAM)
                    .metadata(Map.of("video-id", videoId.toString())))
        .uploadId();
  }

  Part sendPart(ObjectRef target, String uploadId, int number, byte[] buffer, int length) {
    String etag =
        s3.uploadPart(
                b ->
                    b.bucket(target.bucket())
                        .key(target.key())
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength((long) length),
                body(buffer, length))
            .eTag();
    return new Part(number, etag, length);
  }

  void complete(ObjectRef target, String uploadId, List<Part> parts) {
    List<CompletedPart> completed =
        parts.stream()
            .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build())
            .toList();
    s3.completeMultipartUpload(
        b ->
            b.bucket(target.bucket())
                .key(target.key())
                .uploadId(uploadId)
                .multipartUpload(m -> m.parts(completed)));
  }

  /** The size of the stored object, or -1 when there is none. */
  long storedLength(ObjectRef target) {
    try {
      return s3.headObject(b -> b.bucket(target.bucket()).key(target.key())).contentLength();
    } catch (NoSuchKeyException e) {
      return -1;
    }
  }

  /** Aborts the multipart upload (its parts are deleted); one already gone is fine. */
  void abort(ObjectRef target, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
    } catch (NoSuchUploadException alreadyGone) {
      // completed or aborted before
    }
  }

  /** Reads the first {@code length} bytes of the tail into {@code buffer}. */
  void readTail(String bucket, UUID uploadId, byte[] buffer, int length) throws IOException {
    try (InputStream in =
        s3.getObject(
            b -> b.bucket(bucket).key(tailKey(uploadId)).range("bytes=0-" + (length - 1)))) {
      int read = in.readNBytes(buffer, 0, length);
      if (read != length) {
        throw new IOException(
            "the tail of upload " + uploadId + " has " + read + " bytes, expected " + length);
      }
    }
  }

  void writeTail(String bucket, UUID uploadId, byte[] buffer, int length) {
    s3.putObject(
        b -> b.bucket(bucket).key(tailKey(uploadId)).contentType(OCTET_STREAM),
        body(buffer, length));
  }

  void deleteTail(String bucket, UUID uploadId) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(tailKey(uploadId)));
    } catch (NoSuchKeyException alreadyGone) {
      // nothing to do
    } catch (RuntimeException e) {
      log.warn("could not delete the tail of resumable upload {}: {}", uploadId, e.toString());
    }
  }

  // the SDK may re-read a body on retry: a fresh view over the same bytes, never a copy
  private static RequestBody body(byte[] buffer, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(buffer, 0, length), length, OCTET_STREAM);
  }
}
