package dev.frameflow.contracts.validation;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The field(s) a cross-field rule ({@code @AssertTrue boolean isEndAfterStart()}) is about: its
 * violation is reported under them ({@code end}), next to the rule rather than in a table of
 * renames elsewhere.
 */
@Retention(RUNTIME)
@Target(METHOD)
public @interface ReportedUnder {
  String value();
}
