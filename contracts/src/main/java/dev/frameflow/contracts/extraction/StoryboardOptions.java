package dev.frameflow.contracts.extraction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.validation.Between;

/**
 * A storyboard for timeline previews: one tile every {@code intervalSeconds}, {@code tileWidth}
 * pixels wide, laid out {@code columns} × {@code rows} per sprite image, plus a WebVTT file mapping
 * each time range to its tile ({@code sprite.jpg#xywh=x,y,w,h}). Absent fields take their defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoryboardOptions(
    @JsonPropertyDescription("Seconds between two tiles, 1 to 86400; default 10.")
        @Between(
            min = ExtractionLimits.MIN_STORYBOARD_INTERVAL_TEXT,
            max = ExtractionLimits.MAX_INTERVAL_TEXT,
            message = Between.SECONDS)
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_STORYBOARD_INTERVAL_SECONDS)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_INTERVAL_SECONDS)
        Double intervalSeconds,
    @JsonPropertyDescription("Tile width in pixels, 16 to 640; default 160.")
        @Between(
            min = ExtractionLimits.MIN_TILE_WIDTH_TEXT,
            max = ExtractionLimits.MAX_TILE_WIDTH_TEXT,
            message = Between.PIXELS)
        @io.fabric8.generator.annotation.Min(ExtractionLimits.MIN_TILE_WIDTH)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_TILE_WIDTH)
        Integer tileWidth,
    @JsonPropertyDescription("Tiles across one sprite image, 1 to 20; default 10.")
        @Between(min = "1", max = ExtractionLimits.MAX_GRID_TEXT)
        @io.fabric8.generator.annotation.Min(1)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_GRID)
        Integer columns,
    @JsonPropertyDescription("Tiles down one sprite image, 1 to 20; default 10.")
        @Between(min = "1", max = ExtractionLimits.MAX_GRID_TEXT)
        @io.fabric8.generator.annotation.Min(1)
        @io.fabric8.generator.annotation.Max(ExtractionLimits.MAX_GRID)
        Integer rows) {

  public StoryboardOptions {
    if (intervalSeconds == null) {
      intervalSeconds = ExtractionLimits.DEFAULT_STORYBOARD_INTERVAL_SECONDS;
    }
    if (tileWidth == null) {
      tileWidth = ExtractionLimits.DEFAULT_TILE_WIDTH;
    }
    if (columns == null) {
      columns = ExtractionLimits.DEFAULT_GRID;
    }
    if (rows == null) {
      rows = ExtractionLimits.DEFAULT_GRID;
    }
  }

  /** Every default: a 160-pixel tile every 10 s, 10 × 10 tiles per sprite. */
  public static StoryboardOptions defaults() {
    return new StoryboardOptions(null, null, null, null);
  }
}
