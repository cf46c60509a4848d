package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * The JSON body of {@code POST} {@link FrameServerProtocol#FRAME_PATH} and {@link
 * FrameServerProtocol#ANIMATION_PATH}, and the argument of the in-process frame service.
 *
 * @param videoId the video, for traces and logs
 * @param sourceKey the source object's key: the caches' identity of the video, stable across the
 *     presigned URLs made for it
 * @param sourceUrl a presigned GET of the source, valid a few minutes; the only way the
 *     frame-server can read it (it holds no S3 credential). Never logged: {@link #toString()}
 *     leaves it out.
 * @param owner the user the render is for: per-owner limits and traces
 * @param frame a single frame, or
 * @param animation an animated preview (exactly one of the two)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderRequest(
    @NotBlank String videoId,
    @NotBlank String sourceKey,
    @NotBlank String sourceUrl,
    @NotBlank String owner,
    @Valid FrameRequest frame,
    @Valid AnimationRequest animation) {

  /** A request for one frame. */
  public static RenderRequest frame(
      String videoId, String sourceKey, String sourceUrl, String owner, FrameRequest frame) {
    return new RenderRequest(videoId, sourceKey, sourceUrl, owner, frame, null);
  }

  /** A request for an animated preview. */
  public static RenderRequest animation(
      String videoId,
      String sourceKey,
      String sourceUrl,
      String owner,
      AnimationRequest animation) {
    return new RenderRequest(videoId, sourceKey, sourceUrl, owner, null, animation);
  }

  /**
   * This, if it is whole (ids, URL, exactly one kind) and its frame or animation within bounds;
   * else an exception naming each field that is wrong ({@code frame.width}).
   */
  public RenderRequest validated() {
    List<Violation> violations = ContractValidator.check(this);
    if (!violations.isEmpty()) {
      throw new InvalidOptionsException(violations);
    }
    return this;
  }

  @JsonIgnore
  @AssertTrue(message = "give exactly one of frame or animation")
  public boolean isOneKind() {
    return (frame == null) != (animation == null);
  }

  @JsonIgnore
  public boolean isAnimation() {
    return animation != null;
  }

  /** Without the presigned URL, which is a credential for a few minutes. */
  @Override
  public String toString() {
    return "RenderRequest[videoId="
        + videoId
        + ", sourceKey="
        + sourceKey
        + ", owner="
        + owner
        + ", "
        + (frame != null ? "frame=" + frame : "animation=" + animation)
        + "]";
  }
}
