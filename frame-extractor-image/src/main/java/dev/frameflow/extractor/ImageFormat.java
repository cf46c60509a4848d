package dev.frameflow.extractor;

import java.util.Locale;

/** Image format of the extracted frames. */
public enum ImageFormat {
  JPEG("jpg"),
  PNG("png");

  private final String extension;

  ImageFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension without the dot. */
  public String extension() {
    return extension;
  }

  /** Parses {@code jpeg}, {@code jpg} or {@code png} (any case). */
  public static ImageFormat parse(String text) {
    return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
      case "jpeg", "jpg" -> JPEG;
      case "png" -> PNG;
      default -> throw new BadInputException("unknown image format: " + text + " (jpeg or png)");
    };
  }

  /** The lower-case name used in arguments, events and the manifest. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
