package dev.frameflow.gateway.thumbnails;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image at about the size it will be shown: the reader learns the dimensions from the
 * header, then keeps every n-th pixel of every n-th row while it decodes, so an 8K frame made into
 * a 320-pixel thumbnail costs a 640 x 360 raster instead of 7680 x 4320 x 3 bytes (99 MB). Twice
 * the shown width is kept so that the final bilinear scaling still smooths what subsampling alone
 * would alias.
 */
final class SubsampledDecoding {

  private SubsampledDecoding() {}

  /** The image, at least twice {@code width} pixels wide when the original is (never enlarged). */
  static BufferedImage decode(byte[] image, int width) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("the frame is not an image this server can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int step = step(reader.getWidth(0), reader.getHeight(0), width);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
  }

  /** The largest step that still leaves twice {@code width} pixels across (and one row). */
  static int step(int sourceWidth, int sourceHeight, int width) {
    if (sourceWidth <= 0 || sourceHeight <= 0) {
      return 1;
    }
    return Math.max(1, Math.min(sourceWidth / (2 * width), sourceHeight));
  }
}
