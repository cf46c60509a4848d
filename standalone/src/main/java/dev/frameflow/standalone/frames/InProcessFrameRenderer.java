package dev.frameflow.standalone.frames;

import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import dev.frameflow.extractor.frameserver.FrameService;
import dev.frameflow.gateway.frames.FrameRenderer;
import dev.frameflow.gateway.frames.FramesUnavailableException;
import dev.frameflow.gateway.frames.RenderedImage;
import java.io.IOException;

/**
 * The gateway's {@link FrameRenderer} without a second process: the same {@link FrameService} the
 * frame-server serves over HTTP, called directly, with the same caches, limits and refusals, and
 * the same answers (a strong ETag, the frame's time, "not modified" when the client's copy is the
 * picture).
 */
public class InProcessFrameRenderer implements FrameRenderer, AutoCloseable {

  private final FrameService service;

  public InProcessFrameRenderer(FrameService service) {
    this.service = service;
  }

  @Override
  public RenderedImage render(RenderRequest request, String ifNoneMatch) {
    dev.frameflow.extractor.frameserver.RenderedImage image;
    try {
      image = service.render(request);
    } catch (FrameRefusedException refused) {
      throw refused;
    } catch (IOException e) {
      throw new FramesUnavailableException("the video's source could not be read; try again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FramesUnavailableException("interrupted while rendering", e);
    }
    String frameTime =
        image.frameTimeSeconds() == null
            ? null
            : FrameServerProtocol.frameTimeText(image.frameTimeSeconds());
    if (image.matches(ifNoneMatch)) {
      return RenderedImage.notModified(image.etag(), frameTime);
    }
    return RenderedImage.of(image.contentType(), image.etag(), frameTime, image.bytes());
  }

  /** Closes the sources the service keeps open (Spring calls it when the context closes). */
  @Override
  public void close() {
    service.close();
  }
}
