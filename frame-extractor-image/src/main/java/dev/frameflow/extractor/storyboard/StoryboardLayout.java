package dev.frameflow.extractor.storyboard;

import dev.frameflow.contracts.extraction.StoryboardOptions;
import java.util.Locale;

/**
 * Where each tile of a storyboard goes: tile {@code i} shows the video from {@code i * interval} to
 * the next tile (the last one to the end), on sprite {@code i / (columns * rows)} at column {@code
 * i % columns} of its row. One sprite is {@code sprite.jpg}; several are {@code sprite-1.jpg},
 * {@code sprite-2.jpg}, …
 */
public record StoryboardLayout(
    int tiles,
    double interval,
    double duration,
    int tileWidth,
    int tileHeight,
    int columns,
    int rows) {

  public static final String DIRECTORY = "storyboard/";
  public static final String VTT = DIRECTORY + "storyboard.vtt";

  public static StoryboardLayout of(
      StoryboardOptions options, double durationSeconds, int displayWidth, int displayHeight) {
    int tiles = (int) Math.max(1, Math.ceil(durationSeconds / options.intervalSeconds() - 1e-9));
    int height =
        Math.max(
            2,
            (int) Math.round(options.tileWidth() * (double) displayHeight / displayWidth / 2.0)
                * 2);
    int width = options.tileWidth() / 2 * 2;
    return new StoryboardLayout(
        tiles,
        options.intervalSeconds(),
        durationSeconds,
        width,
        height,
        options.columns(),
        options.rows());
  }

  public double start(int tile) {
    return tile * interval;
  }

  public double end(int tile) {
    return Math.min(duration, (tile + 1) * interval);
  }

  public int perSprite() {
    return columns * rows;
  }

  public int sprites() {
    return (tiles + perSprite() - 1) / perSprite();
  }

  /** The sprite's name relative to the VTT file. */
  public String spriteName(int sprite) {
    return sprites() == 1 ? "sprite.jpg" : String.format(Locale.ROOT, "sprite-%d.jpg", sprite + 1);
  }

  /** Tile {@code i}'s place as a media fragment: {@code sprite.jpg#xywh=x,y,w,h}. */
  public String fragment(int tile) {
    int place = tile % perSprite();
    return spriteName(tile / perSprite())
        + "#xywh="
        + (place % columns) * tileWidth
        + ","
        + (place / columns) * tileHeight
        + ","
        + tileWidth
        + ","
        + tileHeight;
  }
}
