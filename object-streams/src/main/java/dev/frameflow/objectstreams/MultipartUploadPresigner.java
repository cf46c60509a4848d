package dev.frameflow.objectstreams;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts a multipart upload and presigns what a {@link PresignedPartWriter} needs to write it
 * without credentials: a PUT per part, the completion and the abort, all valid for {@code valid}.
 */
public final class MultipartUploadPresigner {

  /** The presigned URLs of one upload. */
  public record Urls(List<String> parts, String complete, String abort) {}

  private MultipartUploadPresigner() {}

  /**
   * Creates the upload and presigns its URLs with our own SigV4 presigner (one SHA-256 and one HMAC
   * per URL instead of the SDK's request pipeline; the URLs are those the SDK would make).
   */
  public static Urls presign(
      S3Client s3,
      QueryStringPresigner presigner,
      String bucket,
      String key,
      String contentType,
      int parts,
      Duration valid) {
    String uploadId =
        s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
            .uploadId();
    return presign(presigner, bucket, key, uploadId, parts, valid);
  }

  /** Presigns the URLs of the existing upload {@code uploadId}. */
  public static Urls presign(
      QueryStringPresigner presigner,
      String bucket,
      String key,
      String uploadId,
      int parts,
      Duration valid) {
    return new Urls(
        presigner.uploadParts(bucket, key, uploadId, parts, valid),
        presigner.completeMultipartUpload(bucket, key, uploadId, valid),
        presigner.abortMultipartUpload(bucket, key, uploadId, valid));
  }
}
