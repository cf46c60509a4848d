package dev.frameflow.contracts.frames;

import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads a URL's query parameters one by one, collecting what is wrong with each under its name, so
 * that one answer names every bad parameter. Blank values count as absent.
 */
final class QueryReader {

  private final Map<String, String> query;
  private final List<Violation> violations = new ArrayList<>();

  QueryReader(Map<String, String> query, List<String> known) {
    this.query = query == null ? Map.of() : query;
    new TreeMap<>(this.query)
        .keySet().stream()
            .filter(name -> !known.contains(name))
            .forEach(name -> violations.add(new Violation(name, "is not a parameter")));
  }

  String text(String name) {
    String raw = query.get(name);
    return raw == null || raw.isBlank() ? null : raw.strip();
  }

  Integer whole(String name) {
    String raw = text(name);
    if (raw == null) {
      return null;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      return fail(name, "must be a whole number");
    }
  }

  Double number(String name) {
    String raw = text(name);
    if (raw == null) {
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
    return fail(name, "must be a number");
  }

  /** The value {@code parse} makes of the text; its IllegalArgumentException's message reported. */
  <T> T parsed(String name, Function<String, T> parse) {
    String raw = text(name);
    if (raw == null) {
      return null;
    }
    try {
      return parse.apply(raw);
    } catch (IllegalArgumentException e) {
      return fail(name, e.getMessage());
    }
  }

  <T> T fail(String name, String message) {
    violations.add(new Violation(name, message));
    return null;
  }

  List<Violation> violations() {
    return violations;
  }

  /** A number as a query value: {@code 2.5}, {@code 3} (no trailing zeros, no exponent). */
  static String text(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
