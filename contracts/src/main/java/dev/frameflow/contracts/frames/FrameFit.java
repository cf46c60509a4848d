package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a frame meets a box of {@code width} × {@code height}. With only one of them given the other
 * follows the aspect ratio and the fit does not matter.
 */
public enum FrameFit {
  /** Inside the box, aspect kept (the default). */
  @JsonProperty("contain")
  CONTAIN,
  /** Fills the box, aspect kept, the overflow cropped evenly from both sides. */
  @JsonProperty("cover")
  COVER,
  /** Stretched to the box. */
  @JsonProperty("fill")
  FILL,
  /** Inside the box, aspect kept, padded black to the box's size. */
  @JsonProperty("pad")
  PAD;

  public static final FrameFit DEFAULT = CONTAIN;

  /** The lower-case id used in URLs and JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The fit of that id, in any case; empty for anything else. */
  public static Optional<FrameFit> parse(String text) {
    String id = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
  }

  /** {@code contain, cover, fill or pad}, for messages. */
  static String choices() {
    return "contain, cover, fill or pad";
  }
}
