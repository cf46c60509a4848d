package dev.frameflow.operator.job;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.objectstreams.MultipartUploadPresigner;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.operator.config.PresignProperties;
import dev.frameflow.operator.videojob.VideoJobSpec;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The least a pod needs, signed when the pod asks for it ({@code access.AccessEndpoint}): a
 * presigned GET of its source, and either a presigned multipart upload of its ZIP (one PUT per
 * part, complete, abort) or, for an index of an Indexed Job, the PUTs of its own part, spill object
 * and index — valid for the Job's deadline plus a margin. The operator creates the uploads; the
 * URLs name their bucket, key and upload id, so they reach no other object. Signed by {@link
 * QueryStringPresigner} (the URLs the AWS SDK's presigner would make, at a fraction of its CPU: a
 * one-pod grant holds ~260 of them).
 */
public class JobAccess {

  private final S3Client s3;
  private final QueryStringPresigner presigner;
  private final PresignProperties presign;

  public JobAccess(S3Client s3, QueryStringPresigner presigner, PresignProperties presign) {
    this.s3 = s3;
    this.presigner = presigner;
    this.presign = presign;
  }

  /** A probe pod's grant: the source's GET and nothing else. */
  public AccessGrant probeGrant(VideoJobSpec spec, long deadlineSeconds) {
    return AccessGrant.probe(sourceUrl(spec, valid(deadlineSeconds)));
  }

  /**
   * A one-pod extraction's grant over the multipart upload {@code uploadId} (from {@link
   * #createUpload}): each pod gets its own upload, which it completes itself.
   */
  public AccessGrant onePodGrant(VideoJobSpec spec, long deadlineSeconds, String uploadId) {
    Duration valid = valid(deadlineSeconds);
    ObjectRef output = spec.output();
    MultipartUploadPresigner.Urls urls =
        MultipartUploadPresigner.presign(
            presigner, output.bucket(), output.key(), uploadId, presign.resultParts(), valid);
    return new AccessGrant(
        sourceUrl(spec, valid),
        PresignedAccess.of(
            (int) presign.resultPartSize().toBytes(), urls.parts(), urls.complete(), urls.abort()),
        null);
  }

  /**
   * Index {@code index}'s grant: the source's GET and the PUTs of its own part (part number index +
   * 1) of the shared multipart upload {@code uploadId}, of its spill object and of its index; the
   * last part (the central directory) and the completion are the operator's.
   */
  public AccessGrant sliceGrant(
      VideoJobSpec spec, long deadlineSeconds, int index, String uploadId) {
    Duration valid = valid(deadlineSeconds);
    ObjectRef output = spec.output();
    return new AccessGrant(
        sourceUrl(spec, valid),
        null,
        new AccessGrant.SliceGrant(
            index,
            presigner.uploadPart(
                output.bucket(), output.key(), uploadId, SliceAccess.partNumber(index), valid),
            presigner.putObject(
                output.bucket(), SliceAccess.spillObject(output.key(), index), valid),
            presigner.putObject(
                output.bucket(), SliceAccess.indexObject(output.key(), index), valid)));
  }

  /** Creates a multipart upload of the ZIP at {@code output}; returns its id. */
  public String createUpload(ObjectRef output) {
    return s3.createMultipartUpload(
            b -> b.bucket(output.bucket()).key(output.key()).contentType("application/zip"))
        .uploadId();
  }

  /** Aborts an upload nobody will use (a Job that existed already, a grant lost in a race). */
  public void abortUpload(ObjectRef output, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(output.bucket()).key(output.key()).uploadId(uploadId));
    } catch (RuntimeException e) {
      // the bucket's lifecycle rule aborts incomplete uploads after a day anyway
    }
  }

  private Duration valid(long deadlineSeconds) {
    return Duration.ofSeconds(deadlineSeconds).plus(presign.validityMargin());
  }

  private String sourceUrl(VideoJobSpec spec, Duration valid) {
    ObjectRef source = spec.source();
    return presigner.getObject(source.bucket(), source.key(), valid);
  }
}
