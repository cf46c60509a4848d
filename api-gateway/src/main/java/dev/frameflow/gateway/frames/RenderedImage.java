package dev.frameflow.gateway.frames;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A renderer's answer: the image (streamed, not held in memory by the gateway) or "not modified".
 *
 * @param notModified the client's {@code If-None-Match} matched: no body
 * @param contentType {@code image/jpeg}, ...; null when not modified
 * @param etag the strong ETag, quoted
 * @param frameTime the frame's own time ({@code X-Frame-Time}); null for an animation
 * @param contentLength bytes of {@code body}, or -1 when unknown
 * @param body the image; empty when not modified
 */
public record RenderedImage(
    boolean notModified,
    String contentType,
    String etag,
    String frameTime,
    long contentLength,
    InputStream body)
    implements Closeable {

  public static RenderedImage of(String contentType, String etag, String frameTime, byte[] image) {
    return new RenderedImage(
        false, contentType, etag, frameTime, image.length, new ByteArrayInputStream(image));
  }

  public static RenderedImage notModified(String etag, String frameTime) {
    return new RenderedImage(true, null, etag, frameTime, 0, InputStream.nullInputStream());
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
