package dev.frameflow.gateway.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * ZIPs laid out like the extractor's: one STORED JPEG per frame named {@code
 * frame-NNNNNN-T.TTTs.jpg}, then a DEFLATED {@code manifest.json}. Frame {@code i} is a flat grey
 * of level {@code 20 * i}, so a test can tell which frame a thumbnail shows.
 */
public final class FrameZips {

  private FrameZips() {}

  public static byte[] frames(int count, int width, int height) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        for (int i = 0; i < count; i++) {
          byte[] jpeg = jpeg(width, height, level(i));
          ZipEntry entry =
              new ZipEntry(String.format(Locale.ROOT, "frame-%06d-%.3fs.jpg", i + 1, i * 0.5));
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(jpeg.length);
          entry.setCompressedSize(jpeg.length);
          CRC32 crc = new CRC32();
          crc.update(jpeg);
          entry.setCrc(crc.getValue());
          zip.putNextEntry(entry);
          zip.write(jpeg);
          zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(("{\"frameCount\": " + count + "}").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The grey level of frame {@code index} (0-based). */
  public static int level(int index) {
    return Math.min(255, 20 * index);
  }

  private static byte[] jpeg(int width, int height, int level) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(level, level, level));
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }
}
