package dev.frameflow.extractor.testing;

import dev.frameflow.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Reads back the frame number {@link TestVideos} paints into every frame. */
public final class FrameNumbers {

  private FrameNumbers() {}

  public static BufferedImage image(byte[] encoded) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
    if (image == null) {
      throw new IOException("not an image");
    }
    return image;
  }

  /** The number of an upright frame (not rotated). */
  public static int read(byte[] encoded) throws IOException {
    BufferedImage image = image(encoded);
    int low = digit(image, image.getWidth() / 4, image.getHeight() / 2);
    int high = digit(image, image.getWidth() * 3 / 4, image.getHeight() / 2);
    return high * 16 + low;
  }

  private static int digit(BufferedImage image, int cx, int cy) {
    int radius = Math.max(2, Math.min(image.getWidth(), image.getHeight()) / 10);
    long sum = 0;
    int count = 0;
    for (int y = cy - radius; y <= cy + radius; y++) {
      for (int x = cx - radius; x <= cx + radius; x++) {
        int rgb = image.getRGB(x, y);
        sum += (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
        count++;
      }
    }
    double grey = (double) sum / count;
    // the limited-range luma the generator wrote, back from full-range grey
    double luma = grey * 219 / 255 + 16;
    return (int) Math.round((luma - 24) / 12);
  }
}
