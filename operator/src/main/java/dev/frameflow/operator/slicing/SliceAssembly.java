package dev.frameflow.operator.slicing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.archive.ZipAssembler;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.upload.PresignedAccess;
import java.io.IOException;
import java.io.InputStream;
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
 * holds the credentials): reads the indexes' small {@link SliceIndex} objects, checks them ({@link
 * SliceIndexRules}), uploads the tail (spilled parts, manifest, central directory) as the last
 * part, completes the upload, and deletes the spill objects. The parts the indexes uploaded are
 * never read.
 *
 * <p>Every object it reads was written by a pod through a presigned PUT, which cannot bound what is
 * sent: each object's size is checked with a HEAD before a byte of it is read, an index object is
 * read through a bounded stream (it may be replaced between the HEAD and the GET) and a spill
 * object is streamed into the upload, never held: the tail's spilled parts go from S3 to S3, and
 * only its manifest and central directory (bounded by the frame count) are in memory.
 */
public final class SliceAssembly {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * What the objects of one video may weigh.
   *
   * @param maxIndexBytes all its index objects together (about 130 bytes per frame)
   * @param maxSpillBytes one spill object (a spill is a part below S3's minimum part size)
   */
  public record Limits(long maxIndexBytes, long maxSpillBytes) {

    /** 16 MiB of indexes (100,000 frames) and S3's minimum part size per spill. */
    public static final Limits DEFAULTS =
        new Limits(16L * 1024 * 1024, PresignedAccess.MIN_PART_SIZE_BYTES);

    public Limits {
      if (maxIndexBytes < 1024 || maxSpillBytes < 1) {
        throw new IllegalArgumentException("slice object limits must be positive (index >= 1 KiB)");
      }
    }
  }

  private final S3Client s3;
  private final Limits limits;

  public SliceAssembly(S3Client s3) {
    this(s3, Limits.DEFAULTS);
  }

  public SliceAssembly(S3Client s3, Limits limits) {
    this.s3 = s3;
    this.limits = limits;
  }

  /** The cleanup of what a deleted VideoJob's extraction left, with the same credentials. */
  public VideoObjects leftovers() {
    return new VideoObjects(s3);
  }

  /** The finished ZIP. */
  public record Assembled(int frames, long bytes, Double videoDurationSeconds) {}

  /**
   * The indexes do not make one ZIP, or an object is larger than it may be (a bug or a tampered
   * object): retrying cannot help.
   */
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
    List<SliceIndex> indexes;
    try {
      indexes = readIndexes(zip, slices);
    } catch (NoSuchKeyException e) {
      return alreadyDone(zip, e);
    }
    SliceIndexRules.check(indexes, slices, limits.maxSpillBytes());
    SliceTail tail;
    try {
      checkSpillSizes(zip, indexes);
      tail = SliceTail.of(indexes, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      throw new InconsistentSlicesException(e.getMessage(), e);
    } catch (NoSuchKeyException e) {
      // a spill object is gone: an earlier pass completed the upload and deleted them; the index
      // objects it keeps still say how many frames the ZIP has
      Assembled zipThere = alreadyDone(zip, e);
      int frames = ZipAssembler.frameCount(indexes);
      return new Assembled(frames, zipThere.bytes(), indexes.get(0).video().durationSeconds());
    }
    ZipAssembler.Assembly done = tail.assembly();
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
                  RequestBody.fromContentProvider(
                      () -> tail.open(n -> openSpill(zip, n)),
                      done.tailBytes(),
                      "application/octet-stream"))
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
   * Gives up a video whose slices cannot make a ZIP: aborts the shared upload (its parts go) and
   * deletes the spill objects, so that what a pod stored is not kept. The index objects stay, as
   * after a success (small by {@link Limits#maxIndexBytes} or refused before reading).
   */
  public void discard(ObjectRef zip, String uploadId, int slices) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(zip.bucket()).key(zip.key()).uploadId(uploadId));
    } catch (S3Exception e) {
      // gone already; the bucket's lifecycle rule aborts incomplete uploads after a day anyway
    }
    deleteSpills(zip, slices);
  }

  /**
   * The indexes' objects, in slice order: each HEAD first (the whole set at most {@link
   * Limits#maxIndexBytes}), then read through a stream that stops one byte past what is left.
   */
  private List<SliceIndex> readIndexes(ObjectRef zip, int slices) throws IOException {
    List<SliceIndex> indexes = new ArrayList<>(slices);
    long left = limits.maxIndexBytes();
    for (int n = 0; n < slices; n++) {
      String key = SliceAccess.indexObject(zip.key(), n);
      long size = s3.headObject(b -> b.bucket(zip.bucket()).key(key)).contentLength();
      if (size > left) {
        throw new InconsistentSlicesException(
            "the slices' index objects weigh more than " + limits.maxIndexBytes() + " bytes", null);
      }
      byte[] json;
      try (InputStream in = s3.getObject(b -> b.bucket(zip.bucket()).key(key))) {
        json = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, left + 1));
      }
      if (json.length > left) {
        throw new InconsistentSlicesException(
            "slice " + n + "'s index object grew past the bound while it was read", null);
      }
      left -= json.length;
      try {
        indexes.add(JSON.readValue(json, SliceIndex.class));
      } catch (JsonProcessingException e) {
        throw new InconsistentSlicesException("slice " + n + "'s index is not a slice index", e);
      }
    }
    return indexes;
  }

  /** Each spill object must be as large as its index says (checked by HEAD, not by reading). */
  private void checkSpillSizes(ObjectRef zip, List<SliceIndex> indexes) {
    for (SliceIndex index : indexes) {
      if (!index.inUpload()) {
        String key = SliceAccess.spillObject(zip.key(), index.slice());
        long size = s3.headObject(b -> b.bucket(zip.bucket()).key(key)).contentLength();
        if (size != index.partBytes()) {
          throw new InconsistentSlicesException(
              "slice "
                  + index.slice()
                  + "'s spill object is "
                  + size
                  + " bytes, its index says "
                  + index.partBytes(),
              null);
        }
      }
    }
  }

  private InputStream openSpill(ObjectRef zip, int slice) {
    return s3.getObject(b -> b.bucket(zip.bucket()).key(SliceAccess.spillObject(zip.key(), slice)));
  }

  /**
   * A pass that completed the upload and lost its status write: the ZIP is there, its side objects
   * may be gone; the size is the object's, the frame count unknown. When the ZIP is not there
   * either, a slice's object is missing for good (never written, or discarded): final.
   */
  private Assembled alreadyDone(ObjectRef zip, S3Exception cause) throws IOException {
    try {
      long size = s3.headObject(b -> b.bucket(zip.bucket()).key(zip.key())).contentLength();
      return new Assembled(0, size, null);
    } catch (NoSuchKeyException e) {
      throw new InconsistentSlicesException(
          "an object of the slices is missing and the ZIP is not there", cause);
    } catch (S3Exception e) {
      throw new IOException("the slices' objects are missing and the ZIP cannot be read", cause);
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
