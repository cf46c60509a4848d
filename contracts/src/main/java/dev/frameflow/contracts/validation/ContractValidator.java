package dev.frameflow.contracts.validation;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Bean Validation of the contract records, the same in every process. Messages are interpolated
 * without an expression language, so the extractor CLI needs no EL implementation.
 */
public final class ContractValidator {

  /** One broken rule: the property path ({@code extraction.fps}) and what is wrong with it. */
  public record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + " " + message;
    }
  }

  private static final Validator VALIDATOR = build();

  private ContractValidator() {}

  /** Every violated constraint of {@code value} and what it holds, sorted by field. */
  public static List<Violation> check(Object value) {
    return VALIDATOR.validate(value).stream()
        .map(ContractValidator::toViolation)
        .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
        .toList();
  }

  private static Violation toViolation(ConstraintViolation<Object> violation) {
    String path = violation.getPropertyPath().toString();
    if (path.endsWith("oneMode") && violation.getLeafBean() instanceof ExtractionOptions options) {
      // the modes actually given, so that the answer names the fields to drop
      path = path.replace("oneMode", String.join("|", options.modeFields()));
    }
    return new Violation(fieldName(path), violation.getMessage());
  }

  /** A cross-field rule ({@code isOneRate()}) is reported under the fields it is about. */
  private static String fieldName(String path) {
    return path.replace("oneRate", "fps|intervalSeconds")
        .replace("endAfterStart", "end")
        .replace("minIntervalWithItsMode", "minIntervalSeconds")
        .replace("thresholdWithScene", "sceneThreshold")
        .replace("timestampsInRange", "timestamps")
        .replaceAll("timestamps\\[(\\d+)\\]\\.<list element>", "timestamps[$1]");
  }

  private static Validator build() {
    // kept open for the life of the process: the validator uses the factory's caches
    ValidatorFactory factory =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    return factory.getValidator();
  }
}
