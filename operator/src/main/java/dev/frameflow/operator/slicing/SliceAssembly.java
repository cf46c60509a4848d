package dev.frameflow.operator.slicing;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.archive.ZipAssembler;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The final step of a sliced extraction, in the operator (which created the multipart upload and
 * holds the credentials): reads the indexes' small {@link SliceIndex} objects and spill objects,
 * uploads the tail (spilled parts, manifest, central directory) as the last part, completes the
 * upload, and deletes the spill objects. The parts the indexes uploaded are never read.
 */
public final class SliceAssembly {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final S3Client s3;

  public SliceAssembly(S3Client s3) {
    this.s3 = s3;
  }

  /** The cleanup of what a deleted VideoJob's extraction left, with the same credentials. */
  public VideoObjects leftovers() {
    return new VideoObjects(s3);
  }

  /** The finished ZIP. */
  public record Assembled(int frames, long bytes, Double videoDurationSeconds) {}

  /** The indexes do not make one ZIP (a bug or a tampered object): retrying cannot help. */
  public static final class InconsistentSlicesException extends RuntimeException {
    InconsistentSlicesException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @throws InconsistentSlicesException when the indexes' objects do not make one ZIP
   * @throws IOException storage trouble (retry)
   */
  public Assembled assemble(ObjectRef zip, String uploadId, int slices) throws IOException {
    List<SliceIndex> indexes = new ArrayList<>(slices);
    try {
      for (int n = 0; n < slices; n++) {
        String key = SliceAccess.indexObject(zip.key(), n);
        byte[] json = s3.getObjectAsBytes(b -> b.bucket(zip.bucket()).key(key)).asByteArray();
        indexes.add(JSON.readValue(json, SliceIndex.class));
      }
    } catch (NoSuchKeyException e) {
      return alreadyDone(zip, e);
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    ZipAssembler.Assembly done;
    try {
      done =
          ZipAssembler.assemble(
              indexes,
              n ->
                  s3.getObject(
                      b -> b.bucket(zip.bucket()).key(SliceAccess.spillObject(zip.key(), n))),
              tail,
              System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      throw new InconsistentSlicesException(e.getMessage(), e);
    } catch (NoSuchKeyException e) {
      // a spill object is gone: an earlier pass completed the upload and deleted them; the index
      // objects it keeps still say how many frames the ZIP has
      Assembled zipThere = alreadyDone(zip, e);
      int frames = indexes.stream().mapToInt(index -> index.entries().size()).sum();
      return new Assembled(frames, zipThere.bytes(), indexes.get(0).video().durationSeconds());
    }
    List<CompletedPart> parts = new ArrayList<>();
    for (ZipAssembler.UploadedPart part : done.uploadedParts()) {
      parts.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.etag()).build());
    }
    try {
      String tailEtag =
          s3.uploadPart(
                  b ->
                      b.bucket(zip.bucket())
                          .key(zip.key())
                          .uploadId(uploadId)
                          .partNumber(done.tailPart()),
                  RequestBody.fromBytes(tail.toByteArray()))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(done.tailPart()).eTag(tailEtag).build());
      s3.completeMultipartUpload(
          b ->
              b.bucket(zip.bucket())
                  .key(zip.key())
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (NoSuchUploadException e) {
      // an earlier pass (or a replica) completed it: the indexes still say how many frames
      Assembled done0 = alreadyDone(zip, e);
      return new Assembled(done.frames(), done0.bytes(), done.videoDurationSeconds());
    }
    deleteSpills(zip, slices);
    return new Assembled(done.frames(), done.zipBytes(), done.videoDurationSeconds());
  }

  /**
   * A pass that completed the upload and lost its status write: the ZIP is there, its side objects
   * may be gone; the size is the object's, the frame count unknown.
   */
  private Assembled alreadyDone(ObjectRef zip, S3Exception cause) throws IOException {
    try {
      long size = s3.headObject(b -> b.bucket(zip.bucket()).key(zip.key())).contentLength();
      return new Assembled(0, size, null);
    } catch (S3Exception e) {
      throw new IOException("the slices' objects are missing and the ZIP is not there", cause);
    }
  }

  /**
   * Deletes the spill objects (their bytes are in the ZIP now). The index objects stay next to the
   * ZIP (about 100 bytes per frame): a pass that runs again on a stale cache after the completion
   * reads the frame count from them; they go with the VideoJob ({@link VideoObjects}).
   */
  private void deleteSpills(ObjectRef zip, int slices) {
    for (int n = 0; n < slices; n++) {
      for (String key : List.of(SliceAccess.spillObject(zip.key(), n))) {
        try {
          s3.deleteObject(b -> b.bucket(zip.bucket()).key(key));
        } catch (S3Exception e) {
          // a leftover side object costs bytes, not correctness
        }
      }
    }
  }
}
