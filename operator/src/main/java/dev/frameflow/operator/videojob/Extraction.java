package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Which frames to take. Exactly one of {@code fps} and {@code intervalSeconds} is set: the API
 * server enforces it with a CEL rule, and the bridge checks it before creating the resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.fps) != has(self.intervalSeconds)",
    message = "exactly one of fps and intervalSeconds must be set")
public record Extraction(
    @Min(value = 0, inclusive = false) Double fps,
    @Min(value = 0, inclusive = false) Double intervalSeconds,
    ImageFormat format,
    @Min(2) @Max(31) Integer quality,
    @Min(1) Integer maxFrames,
    @Min(16) @Max(7680) Integer width) {

  public static Extraction everySecond() {
    return new Extraction(1.0, null, ImageFormat.JPEG, null, null, null);
  }
}
