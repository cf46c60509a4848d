package dev.frameflow.contracts.frames;

/**
 * The bounds and defaults of an animated preview. A single frame's bounds are the extraction's
 * ({@link dev.frameflow.contracts.extraction.ExtractionLimits}: width, height, quality, time).
 */
public final class FrameLimits {

  private static final int TEN_SECONDS = 10;
  private static final int FPS_LIMIT = 30;
  private static final int WIDTH_LIMIT = 640;

  /** The longest preview, {@code end - start}. */
  public static final double MAX_ANIMATION_SECONDS = TEN_SECONDS;

  /** The length when only {@code start} is given. */
  public static final double DEFAULT_ANIMATION_SECONDS = 5;

  public static final int MIN_ANIMATION_FPS = 1;

  public static final int MAX_ANIMATION_FPS = FPS_LIMIT;

  public static final int DEFAULT_ANIMATION_FPS = 10;

  /** The width of a preview; its height follows the aspect ratio. */
  public static final int MAX_ANIMATION_WIDTH = WIDTH_LIMIT;

  public static final int DEFAULT_ANIMATION_WIDTH = 320;

  // The same numbers as text, for the annotations' string attributes.
  public static final String MAX_ANIMATION_SECONDS_TEXT = "" + TEN_SECONDS;
  public static final String MIN_ANIMATION_FPS_TEXT = "" + MIN_ANIMATION_FPS;
  public static final String MAX_ANIMATION_FPS_TEXT = "" + FPS_LIMIT;
  public static final String MAX_ANIMATION_WIDTH_TEXT = "" + WIDTH_LIMIT;

  private FrameLimits() {}
}
