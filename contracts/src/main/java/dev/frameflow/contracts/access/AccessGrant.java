package dev.frameflow.contracts.access;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.frameflow.contracts.upload.PresignedAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * What one extractor pod may touch, handed to that pod alone: the operator answers {@code GET
 * <FRAMEFLOW_ACCESS_URL>} with it when the request carries the pod's projected ServiceAccount token
 * (audience {@link #DEFAULT_AUDIENCE} or the operator's configured one), which the operator checks
 * with a TokenReview: the token names the pod, the pod its Job and its completion index. No Secret
 * holds these URLs; they exist only in the answer and in the pod's memory.
 *
 * <p>Exactly one shape per kind of Job: a probe pod gets the source only; a one-pod extraction gets
 * the source and {@link #upload} (a multipart upload of the ZIP created for this pod); an index of
 * an Indexed Job gets the source and {@link #slice}, the URLs of its own part and nothing of the
 * other indexes'.
 *
 * @param sourceUrl the source's presigned GET (read with range requests)
 * @param upload the ZIP's presigned multipart upload (one-pod extraction only)
 * @param slice this index's URLs (an index of an Indexed Job only)
 * @param expiresAt when the grant's URLs stop working: signed with temporary credentials (IRSA's
 *     STS session, about an hour), they end with them, often before the Job's deadline; the pod
 *     asks for the grant again before then ({@code RenewingGrant} in the extractor) and gets the
 *     same upload freshly signed. Null from an operator that does not say (the URLs then last the
 *     Job's deadline plus the margin).
 */
public record AccessGrant(
    @NotBlank String sourceUrl,
    @Valid PresignedAccess upload,
    @Valid SliceGrant slice,
    Instant expiresAt) {

  /** A grant that does not say when it ends. */
  public AccessGrant(String sourceUrl, PresignedAccess upload, SliceGrant slice) {
    this(sourceUrl, upload, slice, null);
  }

  /** The same URLs, ending at {@code expiresAt}. */
  public AccessGrant expiringAt(Instant expiresAt) {
    return new AccessGrant(sourceUrl, upload, slice, expiresAt);
  }

  /** The container variable naming the operator's access endpoint. */
  public static final String URL_VARIABLE = "FRAMEFLOW_ACCESS_URL";

  /** The container variable naming the file holding the pod's projected token. */
  public static final String TOKEN_FILE_VARIABLE = "FRAMEFLOW_ACCESS_TOKEN_FILE";

  /**
   * The container variable bounding how long the extractor keeps asking (seconds, default 120):
   * while the operator answers 503 (not leading, a cache behind, the store failing) or cannot be
   * reached; then the pod fails as transient and the Job retries it.
   */
  public static final String WAIT_VARIABLE = "FRAMEFLOW_ACCESS_WAIT_SECONDS";

  /** The endpoint's path on the operator's pod-facing port (the progress endpoint's port). */
  public static final String PATH = "/access";

  /**
   * The projected token's audience unless the operator is configured otherwise: not the API
   * server's, so the token opens nothing in Kubernetes.
   */
  public static final String DEFAULT_AUDIENCE = "frameflow-operator";

  /** A probe pod's grant: the source only. */
  public static AccessGrant probe(String sourceUrl) {
    return new AccessGrant(sourceUrl, null, null);
  }

  /** At most one of {@link #upload} and {@link #slice}. */
  @JsonIgnore
  @AssertTrue(message = "a grant gives an upload or a slice, not both")
  public boolean isOneShape() {
    return upload == null || slice == null;
  }

  /**
   * Index {@code index}'s URLs: the presigned UploadPart of its part of the shared multipart upload
   * (part number index + 1), the PUT of its spill object and the PUT of its {@code SliceIndex}.
   */
  public record SliceGrant(
      @NotNull @Min(0) Integer index,
      @NotBlank String partUrl,
      @NotBlank String spillUrl,
      @NotBlank String indexUrl) {}
}
