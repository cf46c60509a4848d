package dev.frameflow.contracts.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A number within {@code min} and {@code max}, stated once: the check, the message (which names
 * {@code {min}} and {@code {max}}, never the numbers again) and the form schema the API documents
 * ({@code ExtractionOptionsForm}) all read these two attributes.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@DecimalMin("0")
@DecimalMax("0")
public @interface Between {

  String SECONDS = "must be between {min} and {max} seconds";
  String PIXELS = "must be between {min} and {max} pixels";

  @OverridesAttribute(constraint = DecimalMin.class, name = "value")
  String min();

  /** False: {@code min} itself is refused. */
  @OverridesAttribute(constraint = DecimalMin.class, name = "inclusive")
  boolean minInclusive() default true;

  @OverridesAttribute(constraint = DecimalMax.class, name = "value")
  String max();

  String message() default "must be between {min} and {max}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
