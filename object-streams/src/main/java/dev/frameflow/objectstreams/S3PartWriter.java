package dev.frameflow.objectstreams;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;

/**
 * Parts sent with the SDK's multipart upload calls. The upload is created with the first part, so
 * an object that fits in one part costs a single PUT and no upload to clean up.
 */
public final class S3PartWriter implements PartWriter {

  /** S3's limit of parts per upload. */
  public static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String contentType;
  private final Map<String, String> metadata;
  private volatile String uploadId;

  public S3PartWriter(
      S3Client s3, String bucket, String key, String contentType, Map<String, String> metadata) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.contentType = contentType;
    this.metadata = Map.copyOf(metadata);
  }

  @Override
  public String writePart(int partNumber, byte[] bytes, int length) {
    String upload = uploadId();
    return s3.uploadPart(
            b ->
                b.bucket(bucket)
                    .key(key)
                    .uploadId(upload)
                    .partNumber(partNumber)
                    .contentLength((long) length),
            body(bytes, length))
        .eTag();
  }

  @Override
  public void writeWhole(byte[] bytes, int length) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
        body(bytes, length));
  }

  @Override
  public void complete(List<CompletedPart> parts) {
    s3.completeMultipartUpload(
        b ->
            b.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(
                    CompletedMultipartUpload.builder()
                        .parts(
                            parts.stream()
                                .map(
                                    p ->
                                        software.amazon.awssdk.services.s3.model.CompletedPart
                                            .builder()
                                            .partNumber(p.partNumber())
                                            .eTag(p.eTag())
                                            .build())
                                .toList())
                        .build()));
  }

  @Override
  public void abort() {
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException e) {
        // the bucket's lifecycle rule removes incomplete uploads
      }
    }
  }

  @Override
  public int maxParts() {
    return MAX_PARTS;
  }

  // parts may be sent from several threads: the first one creates the upload
  private synchronized String uploadId() {
    if (uploadId == null) {
      uploadId =
          s3.createMultipartUpload(
                  b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata))
              .uploadId();
    }
    return uploadId;
  }

  // the SDK may re-read a body on retry: a fresh view over the same bytes each time, never a copy
  private static RequestBody body(byte[] bytes, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream");
  }
}
