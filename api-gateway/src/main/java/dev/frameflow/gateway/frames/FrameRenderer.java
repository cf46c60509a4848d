package dev.frameflow.gateway.frames;

import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.contracts.frames.RenderRequest;

/**
 * Where frames and animated previews are rendered: the frame-server over HTTP in Kubernetes ({@link
 * RemoteFrameRenderer}), the extractor library in process in the standalone mode. The gateway
 * itself never decodes video.
 */
public interface FrameRenderer {

  /**
   * Renders the request, or answers {@link RenderedImage#notModified} when {@code ifNoneMatch} (the
   * client's {@code If-None-Match}, may be null) names the picture's ETag.
   *
   * @throws FrameRefusedException the renderer refused: time past the end, source gone or
   *     unreadable, busy (with a wait)
   * @throws FramesUnavailableException no renderer could be reached or it did not answer in time
   */
  RenderedImage render(RenderRequest request, String ifNoneMatch);
}
