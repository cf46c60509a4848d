package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ApiProblem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extraction options of an upload, gathered from query parameters and form fields in whatever
 * order they come, then read into the contract's {@link ExtractionOptions} and checked with its
 * bounds: whatever the extractor would refuse is answered 400 here, naming the field. Also used for
 * the options carried in a resumable upload's {@code Upload-Metadata}.
 */
public final class UploadOptions {

  private final Map<String, String> values = new LinkedHashMap<>();

  /** Adds one option; an unknown name or a name given twice is a 400. */
  public void add(String name, String value) {
    if (!ExtractionOptions.FIELDS.contains(name)
        && !ExtractionOptions.STORYBOARD_FORM_FIELDS.contains(name)) {
      throw ApiProblem.badRequest(
          "unknown field '"
              + UploadReceiver.safe(name)
              + "' (options are "
              + String.join(", ", ExtractionOptions.FIELDS)
              + ", "
              + String.join(", ", ExtractionOptions.STORYBOARD_FORM_FIELDS)
              + ")");
    }
    if (values.putIfAbsent(name, value.strip()) != null) {
      throw ApiProblem.badRequest("the field '" + name + "' is given twice");
    }
  }

  /** The options read so far, checked: a 400 naming every field that is wrong. */
  public ExtractionOptions checked() {
    List<FieldError> errors = new ArrayList<>();
    ExtractionOptions options =
        new ExtractionOptions(
            decimal("fps", errors),
            decimal("intervalSeconds", errors),
            format(errors),
            integer("quality", errors),
            integer("maxFrames", errors),
            integer("width", errors),
            decimal("start", errors),
            decimal("end", errors),
            integer("count", errors),
            timestamps(errors),
            flag("keyframes", errors),
            flag("scene", errors),
            decimal("sceneThreshold", errors),
            decimal("minIntervalSeconds", errors),
            storyboard(errors),
            flag("contactSheet", errors));
    if (errors.isEmpty()) {
      try {
        return options.validated();
      } catch (InvalidOptionsException e) {
        e.violations().forEach(v -> errors.add(new FieldError(v.field(), v.message())));
      }
    }
    throw ApiProblem.invalidFields(errors);
  }

  private Double decimal(String name, List<FieldError> errors) {
    String raw = values.get(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      double value = Double.parseDouble(raw);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be a number"));
    return null;
  }

  /** {@code true} or {@code false} (a checkbox's {@code on} too); false is the same as absent. */
  private Boolean flag(String name, List<FieldError> errors) {
    String raw = values.get(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    switch (raw.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "1" -> {
        return Boolean.TRUE;
      }
      case "false", "off", "0" -> {
        return null;
      }
      default -> {
        errors.add(new FieldError(name, "must be true or false"));
        return null;
      }
    }
  }

  /** A comma-separated list: {@code 12.5,50%}; each entry is checked by the contract. */
  private List<String> timestamps(List<FieldError> errors) {
    String raw = values.get("timestamps");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return java.util.Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
  }

  /** {@code storyboard=true} and/or any of its flat settings; null when none is given. */
  private StoryboardOptions storyboard(List<FieldError> errors) {
    Boolean wanted = flag("storyboard", errors);
    boolean anySetting =
        ExtractionOptions.STORYBOARD_FORM_FIELDS.stream()
            .anyMatch(f -> values.get(f) != null && !values.get(f).isEmpty());
    if (wanted == null && !anySetting) {
      return null;
    }
    return new StoryboardOptions(
        decimal("storyboardIntervalSeconds", errors),
        integer("storyboardTileWidth", errors),
        integer("storyboardColumns", errors),
        integer("storyboardRows", errors));
  }

  private Integer integer(String name, List<FieldError> errors) {
    String raw = values.get(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      errors.add(new FieldError(name, "must be a whole number"));
      return null;
    }
  }

  private ImageFormat format(List<FieldError> errors) {
    String raw = values.get("format");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return ImageFormat.parse(raw)
        .orElseGet(
            () -> {
              errors.add(new FieldError("format", "must be jpeg, png or webp"));
              return null;
            });
  }
}
