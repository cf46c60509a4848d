package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/** The format of an animated preview: a GIF (with a palette) or an animated WebP (libwebp). */
public enum AnimationFormat {
  @JsonProperty("gif")
  GIF("image/gif"),
  @JsonProperty("webp")
  WEBP("image/webp");

  private final String mediaType;

  AnimationFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The lower-case id, which is also the URL's extension ({@code animated.gif}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The file name extension without the dot. */
  public String extension() {
    return id();
  }

  /** The {@code Content-Type} of the answer. */
  public String mediaType() {
    return mediaType;
  }

  /** Reads {@code gif} or {@code webp} in any case; empty for anything else. */
  public static Optional<AnimationFormat> parse(String text) {
    return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
      case "gif" -> Optional.of(GIF);
      case "webp" -> Optional.of(WEBP);
      default -> Optional.empty();
    };
  }
}
