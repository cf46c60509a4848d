package dev.frameflow.contracts.validation;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.Method;
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
    String leaf = path.substring(path.lastIndexOf('.') + 1);
    String reported = reportedUnder(violation.getLeafBean(), leaf);
    if (reported != null) {
      path = path.substring(0, path.length() - leaf.length()) + reported;
    }
    return new Violation(path.replaceAll("\\.<list element>", ""), violation.getMessage());
  }

  /**
   * The fields a cross-field rule ({@code isOneRate()}) is about, from its {@link ReportedUnder};
   * for the one-mode rule, the modes actually given, so that the answer names the fields to drop.
   * Null for a field's own constraint.
   */
  private static String reportedUnder(Object bean, String rule) {
    if (bean == null || rule.isEmpty() || rule.contains("[")) {
      return null;
    }
    if (bean instanceof ExtractionOptions options && rule.equals("oneMode")) {
      return String.join("|", options.modeFields());
    }
    try {
      Method method =
          bean.getClass()
              .getMethod("is" + Character.toUpperCase(rule.charAt(0)) + rule.substring(1));
      ReportedUnder under = method.getAnnotation(ReportedUnder.class);
      return under == null ? null : under.value();
    } catch (NoSuchMethodException e) {
      return null;
    }
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
