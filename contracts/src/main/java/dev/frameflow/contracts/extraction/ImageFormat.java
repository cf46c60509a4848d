package dev.frameflow.contracts.extraction;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/**
 * The image format of the frames inside the ZIP; {@code jpeg}, {@code png} or {@code webp} on the
 * wire.
 */
public enum ImageFormat {
  @JsonProperty("jpeg")
  JPEG("jpg"),
  @JsonProperty("png")
  PNG("png"),
  @JsonProperty("webp")
  WEBP("webp");

  private final String extension;

  ImageFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension without the dot. */
  public String extension() {
    return extension;
  }

  /** The lower-case name used in arguments, events, the CRD and the manifest. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code jpeg}, {@code jpg}, {@code png} or {@code webp} in any case; empty for anything
   * else.
   */
  public static Optional<ImageFormat> parse(String text) {
    return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
      case "jpeg", "jpg" -> Optional.of(JPEG);
      case "png" -> Optional.of(PNG);
      case "webp" -> Optional.of(WEBP);
      default -> Optional.empty();
    };
  }
}
