package dev.frameflow.contracts.upload;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What an extraction Job may touch, and nothing else: the operator presigns these URLs for the
 * Job's deadline and hands them over in a Secret owned by the Job; the extractor needs no AWS
 * credentials. The source is read with ranged GETs ({@link #SOURCE_URL_KEY}, given to the CLI as
 * {@code --source}); the ZIP goes to a multipart upload the operator created, one presigned PUT per
 * part, then the presigned complete ({@link #UPLOAD_KEY}, this record as JSON, a file given to the
 * CLI as {@code --upload}).
 *
 * @param partSizeBytes size of every part but the last
 * @param parts the presigned PUT of part 1, 2, ... in order
 * @param complete the presigned POST completing the upload
 * @param abort the presigned DELETE aborting it
 */
public record PresignedAccess(
    @Min(MIN_PART_SIZE_BYTES) @Max(MAX_PART_SIZE_BYTES) int partSizeBytes,
    @NotEmpty @Size(max = MAX_PARTS) List<@NotBlank String> parts,
    @NotBlank String complete,
    @NotBlank String abort) {

  /** The Secret's key holding the source's presigned GET. */
  public static final String SOURCE_URL_KEY = "source-url";

  /** The Secret's key holding this record as JSON. */
  public static final String UPLOAD_KEY = "upload.json";

  /**
   * The container variable naming the one host the extractor may reach over plain {@code http}: the
   * object store when the operator itself reaches it without TLS inside the cluster (kind's MinIO).
   * Unset everywhere else, where the URLs are {@code https}.
   */
  public static final String PLAIN_HTTP_HOST_VARIABLE = "FRAMEFLOW_PLAIN_HTTP_HOST";

  /** S3's smallest part (but the last). */
  public static final int MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;

  /** The extractor holds one part in its 128 MiB heap. */
  public static final int MAX_PART_SIZE_BYTES = 64 * 1024 * 1024;

  /** Presigned part URLs are ~1–2 KB each and a Secret holds at most 1 MiB. */
  public static final int MAX_PARTS = 400;

  /** The largest ZIP these URLs can store. */
  public long maxBytes() {
    return (long) partSizeBytes * parts.size();
  }
}
