package dev.frameflow.operator.slicing;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.slicing.SliceAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an extraction leaves in the results bucket besides its ZIP: the slices' index and spill
 * objects and the ZIP's multipart upload. Once its VideoJob is deleted nothing reads them; for a
 * cancelled video the ZIP goes too, also one completed after the api-gateway deleted it.
 */
public final class VideoObjects {

  private static final Logger log = LoggerFactory.getLogger(VideoObjects.class);

  private final S3Client s3;

  public VideoObjects(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Aborts the upload {@code uploadId} (if any), so that no pod can complete it any more, then
   * deletes the side objects of {@code slices} slices and, when {@code cancelled}, the ZIP. Each
   * failure is logged and left to the bucket's lifecycle rule.
   */
  public void discard(ObjectRef zip, String uploadId, int slices, boolean cancelled) {
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(zip.bucket()).key(zip.key()).uploadId(uploadId));
      } catch (S3Exception e) {
        // completed (a finished ZIP) or aborted already
      }
    }
    for (int n = 0; n < slices; n++) {
      delete(zip.bucket(), SliceAccess.indexObject(zip.key(), n));
      delete(zip.bucket(), SliceAccess.spillObject(zip.key(), n));
    }
    if (cancelled) {
      // after the abort: no completion can bring it back
      delete(zip.bucket(), zip.key());
    }
  }

  private void delete(String bucket, String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (S3Exception e) {
      log.warn("could not delete {}/{}: {}", bucket, key, e.toString());
    }
  }
}
