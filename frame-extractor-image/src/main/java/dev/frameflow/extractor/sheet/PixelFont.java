package dev.frameflow.extractor.sheet;

import java.awt.image.BufferedImage;

/**
 * Digits, {@code :} and {@code .} as 3×5 pixel glyphs: enough to print a timestamp on a contact
 * sheet without any font installed (a container has none, and Java's text rendering needs one).
 */
final class PixelFont {

  static final int WIDTH = 3;
  static final int HEIGHT = 5;

  /** Each glyph's rows, top to bottom, the three leftmost bits of each row from left to right. */
  private static final String GLYPHS = "0123456789:.";

  private static final int[][] ROWS = {
    {7, 5, 5, 5, 7},
    {2, 6, 2, 2, 7},
    {7, 1, 7, 4, 7},
    {7, 1, 7, 1, 7},
    {5, 5, 7, 1, 1},
    {7, 4, 7, 1, 7},
    {7, 4, 7, 5, 7},
    {7, 1, 1, 2, 2},
    {7, 5, 7, 5, 7},
    {7, 5, 7, 1, 7},
    {0, 2, 0, 2, 0},
    {0, 0, 0, 0, 2}
  };

  private PixelFont() {}

  /** Draws {@code text} with its top left at (x, y), each pixel {@code scale} × {@code scale}. */
  static void draw(BufferedImage image, String text, int x, int y, int scale, int rgb) {
    int left = x;
    for (char c : text.toCharArray()) {
      int glyph = GLYPHS.indexOf(c);
      if (glyph >= 0) {
        for (int row = 0; row < HEIGHT; row++) {
          for (int col = 0; col < WIDTH; col++) {
            if ((ROWS[glyph][row] & (4 >> col)) != 0) {
              fill(image, left + col * scale, y + row * scale, scale, rgb);
            }
          }
        }
      }
      left += (WIDTH + 1) * scale;
    }
  }

  static int width(String text, int scale) {
    return text.length() * (WIDTH + 1) * scale - scale;
  }

  private static void fill(BufferedImage image, int x, int y, int size, int rgb) {
    for (int dy = 0; dy < size; dy++) {
      for (int dx = 0; dx < size; dx++) {
        if (x + dx < image.getWidth() && y + dy < image.getHeight()) {
          image.setRGB(x + dx, y + dy, rgb);
        }
      }
    }
  }
}
