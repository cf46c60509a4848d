package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractionOptionsForm;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ApiProblem.FieldError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The extraction options of an upload, gathered from query parameters and form fields in whatever
 * order they come, then read into the contract's {@link ExtractionOptions} by its flat form ({@link
 * ExtractionOptionsForm}) and checked with its bounds: whatever the extractor would refuse is
 * answered 400 here, naming the field. Also used for the options carried in a resumable upload's
 * {@code Upload-Metadata}.
 */
public final class UploadOptions {

  private final Map<String, String> values = new LinkedHashMap<>();

  /** Adds one option; an unknown name or a name given twice is a 400. */
  public void add(String name, String value) {
    if (!ExtractionOptionsForm.knows(name)) {
      throw ApiProblem.badRequest(
          "unknown field '"
              + UploadReceiver.safe(name)
              + "' (options are "
              + String.join(", ", ExtractionOptionsForm.names())
              + ")");
    }
    if (values.putIfAbsent(name, value.strip()) != null) {
      throw ApiProblem.badRequest("the field '" + name + "' is given twice");
    }
  }

  /** The options read so far, checked: a 400 naming every field that is wrong. */
  public ExtractionOptions checked() {
    try {
      return ExtractionOptionsForm.read(values);
    } catch (InvalidOptionsException e) {
      throw ApiProblem.invalidFields(
          e.violations().stream().map(v -> new FieldError(v.field(), v.message())).toList());
    }
  }
}
