package dev.frameflow.extractor.sheet;

import dev.frameflow.contracts.extraction.ExtractionLimits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * One JPEG of the frames with their timestamps ({@code contact-sheet.jpg}): thumbnails {@value
 * #THUMB_WIDTH} pixels wide, {@value #COLUMNS} to a row, each with its time under it. With more
 * than {@link ExtractionLimits#MAX_CONTACT_SHEET_FRAMES} frames an even selection of them: frames
 * are offered in order as they are zipped, and every other kept one is dropped whenever twice the
 * limit is held, so memory stays bounded however many frames there are.
 */
public final class ContactSheet {

  static final int THUMB_WIDTH = 160;
  static final int COLUMNS = 10;
  private static final int SCALE = 2;
  private static final int LABEL = PixelFont.HEIGHT * SCALE + 6;
  private static final int GAP = 4;

  /** Reads a frame's picture (JPEG and PNG with ImageIO; WebP through ffmpeg). */
  @FunctionalInterface
  public interface Reader {
    BufferedImage read(java.nio.file.Path file) throws IOException, InterruptedException;
  }

  private record Thumb(double timestamp, BufferedImage image) {}

  private final Reader reader;
  private final List<Thumb> kept = new ArrayList<>();
  private long stride = 1;
  private long offered;

  public ContactSheet(Reader reader) {
    this.reader = reader;
  }

  /** The next frame in order; read and kept only when it falls on the current stride. */
  public void offer(java.nio.file.Path file, double timestamp)
      throws IOException, InterruptedException {
    long number = offered++;
    if (number % stride != 0) {
      return;
    }
    BufferedImage picture = reader.read(file);
    if (picture == null) {
      throw new IOException("cannot read " + file.getFileName() + " for the contact sheet");
    }
    kept.add(new Thumb(timestamp, thumbnail(picture)));
    if (kept.size() == 2 * ExtractionLimits.MAX_CONTACT_SHEET_FRAMES) {
      for (int i = kept.size() - 1; i > 0; i -= 2) {
        kept.remove(i);
      }
      stride *= 2;
    }
  }

  /** How many thumbnails the sheet shows. */
  public int size() {
    return Math.min(kept.size(), ExtractionLimits.MAX_CONTACT_SHEET_FRAMES);
  }

  public void write(OutputStream out) throws IOException {
    List<Thumb> shown = new ArrayList<>();
    int count = size();
    for (int i = 0; i < count; i++) {
      shown.add(kept.get((int) ((long) i * kept.size() / count)));
    }
    int cellHeight = shown.stream().mapToInt(t -> t.image().getHeight()).max().orElse(1) + LABEL;
    int columns = Math.max(1, Math.min(COLUMNS, shown.size()));
    int rows = Math.max(1, (shown.size() + columns - 1) / columns);
    BufferedImage sheet =
        new BufferedImage(
            GAP + columns * (THUMB_WIDTH + GAP),
            GAP + rows * (cellHeight + GAP),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(new Color(24, 24, 24));
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    g.dispose();
    for (int i = 0; i < shown.size(); i++) {
      int x = GAP + (i % columns) * (THUMB_WIDTH + GAP);
      int y = GAP + (i / columns) * (cellHeight + GAP);
      Graphics2D cell = sheet.createGraphics();
      cell.drawImage(shown.get(i).image(), x, y, null);
      cell.dispose();
      String label = label(shown.get(i).timestamp());
      PixelFont.draw(
          sheet,
          label,
          x + (THUMB_WIDTH - PixelFont.width(label, SCALE)) / 2,
          y + cellHeight - LABEL + 3,
          SCALE,
          0xFFFFFF);
    }
    if (!ImageIO.write(sheet, "jpeg", out)) {
      throw new IOException("no JPEG writer for the contact sheet");
    }
  }

  /** {@code h:mm:ss.mmm}. */
  static String label(double seconds) {
    long millis = Math.round(Math.max(0, seconds) * 1000);
    return String.format(
        Locale.ROOT,
        "%d:%02d:%02d.%03d",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000);
  }

  private static BufferedImage thumbnail(BufferedImage picture) {
    int height =
        Math.max(1, Math.round(THUMB_WIDTH * (float) picture.getHeight() / picture.getWidth()));
    BufferedImage thumb = new BufferedImage(THUMB_WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumb.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(picture, 0, 0, THUMB_WIDTH, height, null);
    g.dispose();
    return thumb;
  }
}
