package dev.frameflow.extractor.animation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NodeList;

/**
 * Reads back what an animation file says about itself, from its own structure: a GIF through the
 * JDK's reader (frames, logical screen, the NETSCAPE2.0 loop count), a WebP from its RIFF chunks
 * (VP8X canvas and animation flag, ANIM loop count, one ANMF per frame), since the JDK reads no
 * WebP and ffmpeg 5.1 decodes no animated one.
 */
public final class AnimationFiles {

  private AnimationFiles() {}

  /**
   * What a test asserts of an animation: canvas, frame count, loop count (0: forever, -1: none
   * said), how long one pass lasts as the file says (the sum of its frames' delays), first frame.
   */
  public record Animation(
      int width, int height, int frames, int loops, long durationMillis, byte[] firstFrame) {}

  static Animation gif(byte[] bytes) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in);
      int frames = reader.getNumImages(true);
      IIOMetadataNode stream =
          (IIOMetadataNode) reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0");
      IIOMetadataNode screen =
          (IIOMetadataNode) stream.getElementsByTagName("LogicalScreenDescriptor").item(0);
      int width = Integer.parseInt(screen.getAttribute("logicalScreenWidth"));
      int height = Integer.parseInt(screen.getAttribute("logicalScreenHeight"));
      IIOMetadataNode image =
          (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
      int loops = -1; // no NETSCAPE2.0 block: played once
      NodeList extensions = image.getElementsByTagName("ApplicationExtension");
      for (int i = 0; i < extensions.getLength(); i++) {
        IIOMetadataNode extension = (IIOMetadataNode) extensions.item(i);
        if ("NETSCAPE".equals(extension.getAttribute("applicationID"))) {
          byte[] data = (byte[]) extension.getUserObject();
          loops = (data[1] & 0xff) | (data[2] & 0xff) << 8;
        }
      }
      long centiseconds = 0;
      for (int i = 0; i < frames; i++) {
        IIOMetadataNode frame =
            (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control =
            (IIOMetadataNode) frame.getElementsByTagName("GraphicControlExtension").item(0);
        centiseconds += Integer.parseInt(control.getAttribute("delayTime"));
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(reader.read(0), "png", png);
      return new Animation(width, height, frames, loops, centiseconds * 10, png.toByteArray());
    } finally {
      reader.dispose();
    }
  }

  /**
   * An animated WebP's canvas, frame count and loop count; its first frame as a still WebP (the
   * frame's VP8 chunk in a RIFF of its own), which ffmpeg can decode.
   */
  public static Animation webp(byte[] bytes) {
    ByteBuffer riff = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    check(fourCc(riff, 0).equals("RIFF") && fourCc(riff, 8).equals("WEBP"), "not a WebP");
    check(riff.getInt(4) + 8 == bytes.length, "RIFF size");
    int width = 0;
    int height = 0;
    int loops = -1;
    boolean animated = false;
    long millis = 0;
    List<byte[]> frames = new ArrayList<>();
    int at = 12;
    while (at + 8 <= bytes.length) {
      String type = fourCc(riff, at);
      int size = riff.getInt(at + 4);
      int data = at + 8;
      switch (type) {
        case "VP8X" -> {
          animated = (bytes[data] & 0x02) != 0;
          width = uint24(bytes, data + 4) + 1;
          height = uint24(bytes, data + 7) + 1;
        }
        case "ANIM" -> loops = riff.getShort(data + 4) & 0xffff;
        case "ANMF" -> {
          millis += uint24(bytes, data + 12);
          frames.add(frameAsStill(bytes, data + 16, data + size));
        }
        default -> {}
      }
      at = data + size + (size & 1);
    }
    check(animated, "the VP8X animation flag");
    return new Animation(
        width, height, frames.size(), loops, millis, frames.isEmpty() ? null : frames.get(0));
  }

  /** The frame's image chunks (VP8 or VP8L, perhaps ALPH first) as a still WebP file. */
  private static byte[] frameAsStill(byte[] bytes, int from, int to) {
    ByteBuffer still = ByteBuffer.allocate(12 + to - from).order(ByteOrder.LITTLE_ENDIAN);
    still.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    still.putInt(4 + to - from);
    still.put("WEBP".getBytes(StandardCharsets.US_ASCII));
    still.put(bytes, from, to - from);
    return still.array();
  }

  private static String fourCc(ByteBuffer buffer, int at) {
    byte[] name = new byte[4];
    buffer.get(at, name);
    return new String(name, StandardCharsets.US_ASCII);
  }

  private static int uint24(byte[] bytes, int at) {
    return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalArgumentException("not an animated WebP: " + what);
    }
  }
}
