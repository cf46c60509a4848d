package dev.frameflow.contracts.extraction;

import java.util.Locale;
import java.util.function.Predicate;

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
  FPS("fps", o -> o.fps() != null),
  INTERVAL("intervalSeconds", o -> o.intervalSeconds() != null),
  COUNT("count", o -> o.count() != null),
  TIMESTAMPS("timestamps", o -> o.timestamps() != null),
  KEYFRAMES("keyframes", o -> Boolean.TRUE.equals(o.keyframes())),
  SCENE("scene", o -> Boolean.TRUE.equals(o.scene()));

  private final String field;
  private final Predicate<ExtractionOptions> given;

  SamplingMode(String field, Predicate<ExtractionOptions> given) {
    this.field = field;
    this.given = given;
  }

  /** The option that selects this mode (one of {@link ExtractionOptions#FIELDS}). */
  public String field() {
    return field;
  }

  /** Whether {@code options} asks for this mode (a flag counts when true). */
  public boolean isGivenIn(ExtractionOptions options) {
    return given.test(options);
  }

  /** The lower-case name in the manifest. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
