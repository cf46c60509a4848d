package dev.frameflow.contracts.extraction;

import java.util.Locale;

/**
 * How the frames are chosen: exactly one per request. Named in the manifest by {@link #id()}.
 *
 * <ul>
 *   <li>{@link #FPS}, {@link #INTERVAL}: a steady rate ({@code fps} / {@code intervalSeconds}).
 *   <li>{@link #COUNT}: {@code count} frames evenly spaced over the video (or start..end), the
 *       first at the start.
 *   <li>{@link #TIMESTAMPS}: the listed times, in seconds or percent of the duration.
 *   <li>{@link #KEYFRAMES}: the keyframes themselves.
 *   <li>{@link #SCENE}: the first frame and each frame where the picture changes more than the
 *       threshold.
 * </ul>
 */
public enum SamplingMode {
  FPS("fps"),
  INTERVAL("intervalSeconds"),
  COUNT("count"),
  TIMESTAMPS("timestamps"),
  KEYFRAMES("keyframes"),
  SCENE("scene");

  private final String field;

  SamplingMode(String field) {
    this.field = field;
  }

  /** The option that selects this mode. */
  public String field() {
    return field;
  }

  /** The lower-case name in the manifest. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
