package dev.frameflow.contracts.extraction;

import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** Extraction options out of bounds; the message names every offending field. */
public class InvalidOptionsException extends IllegalArgumentException {

  private final transient List<Violation> violations;

  public InvalidOptionsException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
