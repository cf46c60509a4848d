package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
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
    if (!ExtractionOptions.FIELDS.contains(name)) {
      throw ApiProblem.badRequest(
          "unknown field '"
              + UploadReceiver.safe(name)
              + "' (options are "
              + String.join(", ", ExtractionOptions.FIELDS)
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
            decimal("end", errors));
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
              errors.add(new FieldError("format", "must be jpeg or png"));
              return null;
            });
  }
}
