package dev.frameflow.gateway.frames;

import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.frames.AnimationFormat;
import dev.frameflow.contracts.frames.AnimationRequest;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.RenderRequest;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ApiProblem.FieldError;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * What a frame URL asks for, read and checked by the contract: one frame ({@code frame.jpg}) or an
 * animated preview ({@code animated.webp}), and its canonical query, which signatures cover.
 *
 * @param name the last path segment: {@code frame.png}, {@code animated.gif}
 * @param frame the frame asked for, or null
 * @param animation the animation asked for, or null
 */
public record RequestedImage(String name, FrameRequest frame, AnimationRequest animation) {

  static final String FRAME = "frame";
  static final String ANIMATED = "animated";

  /**
   * The image a name and query ask for: a 404 for a name that is no image of ours, a 400 naming
   * each bad parameter ({@code invalid-fields}).
   */
  public static RequestedImage of(String name, Map<String, String> query) {
    int dot = name.lastIndexOf('.');
    String kind = dot < 0 ? name : name.substring(0, dot);
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    try {
      if (kind.equals(FRAME)) {
        ImageFormat format =
            Arrays.stream(ImageFormat.values())
                .filter(f -> f.extension().equals(extension))
                .findFirst()
                .orElseThrow(() -> noSuchImage(name));
        return new RequestedImage(name, FrameRequest.fromQuery(query, format), null);
      }
      if (kind.equals(ANIMATED)) {
        AnimationFormat format =
            Arrays.stream(AnimationFormat.values())
                .filter(f -> f.extension().equals(extension))
                .findFirst()
                .orElseThrow(() -> noSuchImage(name));
        return new RequestedImage(name, null, AnimationRequest.fromQuery(query, format));
      }
    } catch (InvalidOptionsException e) {
      throw ApiProblem.invalidFields(
          e.violations().stream().map(v -> new FieldError(v.field(), v.message())).toList());
    }
    throw noSuchImage(name);
  }

  /** Whether {@code name} is one of the images a video has ({@code frame.jpg}, ...). */
  public static boolean isImageName(String name) {
    return Arrays.stream(ImageFormat.values()).map(RequestedImage::frameName).anyMatch(name::equals)
        || Arrays.stream(AnimationFormat.values())
            .map(RequestedImage::animationName)
            .anyMatch(name::equals);
  }

  /** The name of a frame in that format: {@code frame.jpg}. */
  public static String frameName(ImageFormat format) {
    return FRAME + "." + format.extension();
  }

  /** The name of an animated preview in that format: {@code animated.webp}. */
  public static String animationName(AnimationFormat format) {
    return ANIMATED + "." + format.extension();
  }

  /** The path of this image of a video: {@code /api/videos/{id}/frame.jpg}. */
  public String path(UUID videoId) {
    return "/api/videos/" + videoId + "/" + name;
  }

  /** The canonical parameters: sorted, defaults left out. */
  public Map<String, String> canonicalQuery() {
    return frame != null ? frame.toQuery() : animation.toQuery();
  }

  public boolean isFrame() {
    return frame != null;
  }

  /** What the renderer is asked, reading the source through {@code sourceUrl}. */
  public RenderRequest renderRequest(
      UUID videoId, String sourceKey, String sourceUrl, UUID ownerId) {
    return frame != null
        ? RenderRequest.frame(videoId.toString(), sourceKey, sourceUrl, ownerId.toString(), frame)
        : RenderRequest.animation(
            videoId.toString(), sourceKey, sourceUrl, ownerId.toString(), animation);
  }

  private static ApiProblem noSuchImage(String name) {
    return ApiProblem.notFound(
        "no image named '"
            + name
            + "': frame."
            + String.join(
                "|frame.", Arrays.stream(ImageFormat.values()).map(ImageFormat::extension).toList())
            + " or animated."
            + String.join(
                "|animated.",
                Arrays.stream(AnimationFormat.values()).map(AnimationFormat::extension).toList()));
  }
}
