package dev.frameflow.contracts.frames;

import dev.frameflow.contracts.extraction.ImageFormat;

/**
 * How the gateway (or anyone holding a presigned source URL) talks to the frame-server: {@code
 * POST} a {@link RenderRequest} as JSON to {@link #FRAME_PATH} or {@link #ANIMATION_PATH}; the
 * answer is {@code 200} with the image, a strong {@code ETag} and, for a frame, {@link
 * #FRAME_TIME_HEADER}; {@code 304} when {@code If-None-Match} matches; or a refusal: the status of
 * its {@link FrameRefusal}, {@link #REFUSAL_HEADER} with its code, a small problem JSON body and,
 * for 429/503, {@code Retry-After} in whole seconds.
 */
public final class FrameServerProtocol {

  public static final String FRAME_PATH = "/v1/frames";

  public static final String ANIMATION_PATH = "/v1/animations";

  /** Liveness: the process answers. */
  public static final String HEALTH_PATH = "/healthz";

  /** Readiness: ffmpeg is there and the server is not shutting down. */
  public static final String READY_PATH = "/readyz";

  /** The frame's own presentation time in seconds, 6 decimals ({@code 83.033333}). */
  public static final String FRAME_TIME_HEADER = "X-Frame-Time";

  /** The {@link FrameRefusal#code()} of a refused render. */
  public static final String REFUSAL_HEADER = "X-Frameflow-Refusal";

  public static final String REQUEST_MEDIA_TYPE = "application/json";

  public static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

  private FrameServerProtocol() {}

  /** The {@code Content-Type} of a frame in that format. */
  public static String mediaType(ImageFormat format) {
    return switch (format) {
      case JPEG -> "image/jpeg";
      case PNG -> "image/png";
      case WEBP -> "image/webp";
    };
  }

  /** The text of {@link #FRAME_TIME_HEADER} for a frame shown at that many seconds. */
  public static String frameTimeText(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.6f", seconds);
  }
}
