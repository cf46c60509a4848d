package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The frame format inside the ZIP. */
public enum ImageFormat {
  @JsonProperty("jpeg")
  JPEG,
  @JsonProperty("png")
  PNG;

  public String cliValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
