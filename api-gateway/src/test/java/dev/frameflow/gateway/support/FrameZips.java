package dev.frameflow.gateway.support;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.testing.TestFfmpeg;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * ZIPs laid out like the extractor's: one STORED image per frame named as {@link EntryNames#frame}
 * names it ({@code frame-NNNNNN-T.TTTs.jpg}, {@code .png} or {@code .webp}), then a DEFLATED {@code
 * manifest.json}. Frame {@code i} is a flat grey of level {@code 20 * i}, so a test can tell which
 * frame a thumbnail shows.
 */
public final class FrameZips {

  private FrameZips() {}

  public static byte[] frames(int count, int width, int height) {
    return frames(count, width, height, ImageFormat.JPEG);
  }

  /** The same with frames in {@code format} (WebP ones encoded, losslessly, by ffmpeg). */
  public static byte[] frames(int count, int width, int height, ImageFormat format) {
    try {
      java.util.List<byte[]> images = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        images.add(image(width, height, level(i), format));
      }
      return zip(images, format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code count} frames of one 8K UHD (7680 x 4320) JPEG of ffmpeg's test pattern, made by ffmpeg
   * (the JDK would first hold its 132 MB of pixels).
   */
  public static byte[] uhd8kFrames(int count) {
    return zip(java.util.Collections.nCopies(count, uhd8kJpeg()), ImageFormat.JPEG);
  }

  /** One 7680 x 4320 JPEG of ffmpeg's test pattern. */
  public static byte[] uhd8kJpeg() {
    try {
      return ffmpeg(
          "uhd.jpg", "-f", "lavfi", "-i", "testsrc2=size=7680x4320", "-frames:v", "1", "-q:v", "4");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A ZIP of these images as STORED frames, then the manifest. */
  public static byte[] zip(java.util.List<byte[]> images, ImageFormat format) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        for (int i = 0; i < images.size(); i++) {
          byte[] image = images.get(i);
          ZipEntry entry = new ZipEntry(EntryNames.frame(i + 1, i * 0.5, format));
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(image.length);
          entry.setCompressedSize(image.length);
          CRC32 crc = new CRC32();
          crc.update(image);
          entry.setCrc(crc.getValue());
          zip.putNextEntry(entry);
          zip.write(image);
          zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(("{\"frameCount\": " + images.size() + "}").getBytes(StandardCharsets.UTF_8));
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

  private static byte[] image(int width, int height, int level, ImageFormat format)
      throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(level, level, level));
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format == ImageFormat.JPEG ? "jpg" : "png", out);
    return format == ImageFormat.WEBP ? webp(out.toByteArray()) : out.toByteArray();
  }

  // the JDK writes no WebP: the ffmpeg the test videos are made with does (libwebp, as the
  // extractor)
  private static byte[] webp(byte[] png) throws IOException {
    Path dir = Files.createTempDirectory("frame-zips");
    try {
      Path in = Files.write(dir.resolve("frame.png"), png);
      return ffmpeg("frame.webp", "-i", in.toString(), "-c:v", "libwebp", "-lossless", "1");
    } finally {
      delete(dir);
    }
  }

  /** What ffmpeg writes to a file named {@code name} with these arguments before it. */
  private static byte[] ffmpeg(String name, String... arguments) throws IOException {
    Path dir = Files.createTempDirectory("frame-zips");
    try {
      Path out = dir.resolve(name);
      java.util.List<String> command = new java.util.ArrayList<>();
      command.add(TestFfmpeg.binary().toString());
      command.add("-v");
      command.add("error");
      command.addAll(java.util.List.of(arguments));
      command.add(out.toString());
      Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
      String log = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (ffmpeg.waitFor() != 0) {
        throw new IOException("ffmpeg could not write " + name + ": " + log);
      }
      return Files.readAllBytes(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }
}
