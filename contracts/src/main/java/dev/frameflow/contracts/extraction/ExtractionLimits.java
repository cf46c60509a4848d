package dev.frameflow.contracts.extraction;

/**
 * The one set of bounds for extraction options. The API refuses, the bridge dead-letters, the API
 * server rejects (the CRD's schema) and the extractor refuses exactly the same values, because all
 * of them read these constants.
 */
public final class ExtractionLimits {

  // The whole-number bounds below are written once as integers, so that their text (in the
  // annotations and so in the messages) reads "120", not "120.0".
  private static final int FPS_LIMIT = 120;
  private static final int A_DAY = 86_400;

  /** Above this it is no longer sampling. */
  public static final double MAX_FPS = FPS_LIMIT;

  /** The densest interval is the highest rate's. */
  public static final double MIN_INTERVAL_SECONDS = 1 / MAX_FPS;

  /** One frame a day is the sparsest sampling that still makes sense for a video. */
  public static final double MAX_INTERVAL_SECONDS = A_DAY;

  /** ffmpeg's JPEG scale: 2 is best, 31 worst. */
  public static final int MIN_QUALITY = 2;

  public static final int MAX_QUALITY = 31;

  public static final int DEFAULT_JPEG_QUALITY = 3;

  /** The most frames one ZIP may hold. */
  public static final int MAX_FRAMES = 100_000;

  /** Output width in pixels; the height follows the aspect ratio. */
  public static final int MIN_WIDTH = 16;

  public static final int MAX_WIDTH = 7680;

  /** {@code start} and {@code end} are offsets into the video, at most a day in. */
  public static final double MAX_OFFSET_SECONDS = A_DAY;

  /** {@code timestamps}: at most this many times in one request. */
  public static final int MAX_TIMESTAMPS = 1000;

  /**
   * One entry of {@code timestamps}: seconds ({@code 12.5}) or a percentage of the duration ({@code
   * 50%}); the seconds are then bounded by {@link #MAX_OFFSET_SECONDS}, the percentage by 100.
   */
  /** The longest entry the pattern allows ({@code 12345.123456%}). */
  public static final int MAX_TIMESTAMP_CHARS = 13;

  public static final String TIMESTAMP_PATTERN = "^\\d{1,5}(\\.\\d{1,6})?%?$";

  /** {@code scene}: the change of picture (0 none, 1 all) above which a frame starts a scene. */
  public static final double DEFAULT_SCENE_THRESHOLD = 0.3;

  /** {@code storyboard}: the defaults and bounds of its tiles and grid. */
  public static final double DEFAULT_STORYBOARD_INTERVAL_SECONDS = 10;

  private static final int SECOND = 1;

  public static final double MIN_STORYBOARD_INTERVAL_SECONDS = SECOND;

  public static final int DEFAULT_TILE_WIDTH = 160;

  public static final int MIN_TILE_WIDTH = 16;

  public static final int MAX_TILE_WIDTH = 640;

  public static final int DEFAULT_GRID = 10;

  public static final int MAX_GRID = 20;

  /** {@code contactSheet}: at most this many thumbnails on the one image, evenly chosen. */
  public static final int MAX_CONTACT_SHEET_FRAMES = 100;

  // Annotations take some bounds as strings (Bean Validation's decimals, OpenAPI's minimum and
  // maximum); these are the same numbers as text, so that no one types them again.
  public static final String MAX_FPS_TEXT = "" + FPS_LIMIT;
  public static final String MIN_INTERVAL_TEXT = "" + MIN_INTERVAL_SECONDS;
  public static final String MAX_INTERVAL_TEXT = "" + A_DAY;
  public static final String MAX_OFFSET_TEXT = "" + A_DAY;
  public static final String MIN_QUALITY_TEXT = "" + MIN_QUALITY;
  public static final String MAX_QUALITY_TEXT = "" + MAX_QUALITY;
  public static final String MAX_FRAMES_TEXT = "" + MAX_FRAMES;
  public static final String MIN_WIDTH_TEXT = "" + MIN_WIDTH;
  public static final String MAX_WIDTH_TEXT = "" + MAX_WIDTH;
  public static final String MIN_STORYBOARD_INTERVAL_TEXT = "" + SECOND;
  public static final String MIN_TILE_WIDTH_TEXT = "" + MIN_TILE_WIDTH;
  public static final String MAX_TILE_WIDTH_TEXT = "" + MAX_TILE_WIDTH;
  public static final String MAX_GRID_TEXT = "" + MAX_GRID;

  private ExtractionLimits() {}
}
