package dev.frameflow.operator.job;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.videojob.VideoJobSpec;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The least a pod needs, signed when the pod asks for it ({@code access.AccessEndpoint}): a
 * presigned GET of its source, and either a presigned multipart upload of its ZIP (one PUT per
 * part, complete, abort) or, for an index of an Indexed Job, the PUTs of its own part, spill object
 * and index — valid for the Job's deadline plus a margin, or until the operator's temporary
 * credentials expire if that is sooner (the grant's {@code expiresAt}; the pod renews it). The
 * operator creates the uploads; the URLs name their bucket, key and upload id, so they reach no
 * other object. Signed by {@link QueryStringPresigner} (the URLs the AWS SDK's presigner would
 * make, at a fraction of its CPU: a one-pod grant holds ~260 of them).
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
    QueryStringPresigner.Batch batch = batch(deadlineSeconds);
    return AccessGrant.probe(sourceUrl(spec, batch)).expiringAt(batch.expiresAt());
  }

  /**
   * A one-pod extraction's grant over the multipart upload {@code uploadId} (from {@link
   * #createUpload}): each pod gets its own upload, which it completes itself.
   */
  public AccessGrant onePodGrant(VideoJobSpec spec, long deadlineSeconds, String uploadId) {
    QueryStringPresigner.Batch batch = batch(deadlineSeconds);
    ObjectRef output = spec.output();
    return new AccessGrant(
        sourceUrl(spec, batch),
        PresignedAccess.of(
            (int) presign.resultPartSize().toBytes(),
            batch.uploadParts(output.bucket(), output.key(), uploadId, presign.resultParts()),
            batch.completeMultipartUpload(output.bucket(), output.key(), uploadId),
            batch.abortMultipartUpload(output.bucket(), output.key(), uploadId)),
        null,
        batch.expiresAt());
  }

  /**
   * Index {@code index}'s grant: the source's GET and the PUTs of its own part (part number index +
   * 1) of the shared multipart upload {@code uploadId}, of its spill object and of its index; the
   * last part (the central directory) and the completion are the operator's.
   */
  public AccessGrant sliceGrant(
      VideoJobSpec spec, long deadlineSeconds, int index, String uploadId) {
    QueryStringPresigner.Batch batch = batch(deadlineSeconds);
    ObjectRef output = spec.output();
    return new AccessGrant(
        sourceUrl(spec, batch),
        null,
        new AccessGrant.SliceGrant(
            index,
            batch.uploadPart(
                output.bucket(), output.key(), uploadId, SliceAccess.partNumber(index)),
            batch.putObject(output.bucket(), SliceAccess.spillObject(output.key(), index)),
            batch.putObject(output.bucket(), SliceAccess.indexObject(output.key(), index))),
        batch.expiresAt());
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

  /**
   * The grant's URLs, signed at one instant with one identity: valid for the Job's deadline plus
   * the margin, or until the operator's credentials expire (less a safety margin) when they are
   * temporary (IRSA) and that is sooner; the grant says when ({@link AccessGrant#expiresAt}), so
   * that the pod asks again in time.
   */
  private QueryStringPresigner.Batch batch(long deadlineSeconds) {
    return presigner.batch(Duration.ofSeconds(deadlineSeconds).plus(presign.validityMargin()));
  }

  private static String sourceUrl(VideoJobSpec spec, QueryStringPresigner.Batch batch) {
    ObjectRef source = spec.source();
    return batch.getObject(source.bucket(), source.key());
  }
}
