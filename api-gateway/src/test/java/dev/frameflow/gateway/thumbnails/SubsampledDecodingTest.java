package dev.frameflow.gateway.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.FrameZips;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** An 8K frame becomes a thumbnail without its full-size pixels ever being held. */
class SubsampledDecodingTest {

  // 7680 x 4320 x 3 bytes: what a full decode of the frame allocates for its pixels alone
  private static final long FULL_RASTER = 7680L * 4320 * 3;

  @Test
  void an8kFrameIsShrunkWithAFractionOfItsFullSizePixelsAllocated() throws Exception {
    byte[] frame = FrameZips.uhd8kJpeg();
    // the first image read loads ImageIO's readers and colour tables: not what is measured
    FrameThumbnails.shrink(smallJpeg());

    long before = allocatedBytes();
    byte[] thumbnail = FrameThumbnails.shrink(frame);
    long allocated = allocatedBytes() - before;

    System.out.printf(
        "shrinking a %d-byte 8K JPEG allocated %d bytes (%.3f of its full-size raster)%n",
        frame.length, allocated, allocated / (double) FULL_RASTER);
    assertThat(allocated).isLessThan(FULL_RASTER / 6);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail));
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(180);
  }

  @Test
  void theStepKeepsTwiceTheShownWidthAndNeverEnlarges() {
    assertThat(SubsampledDecoding.step(7680, 4320, 320)).isEqualTo(12);
    assertThat(SubsampledDecoding.step(1920, 1080, 320)).isEqualTo(3);
    assertThat(SubsampledDecoding.step(640, 360, 320)).isEqualTo(1);
    assertThat(SubsampledDecoding.step(100, 50, 320)).isEqualTo(1);
    // a strip 1 pixel high is kept whole rather than subsampled to nothing
    assertThat(SubsampledDecoding.step(64000, 1, 320)).isEqualTo(1);
  }

  private static byte[] smallJpeg() throws Exception {
    BufferedImage image = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
