package dev.frameflow.videojob;

import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a VideoJob's spec must hold for the operator to run it, checked in Java where the CRD's
 * schema cannot be relied on. The schema states the same rules (a pattern for {@code videoId}, the
 * contract's bounds and CEL rules for {@code extraction}), but it holds only where an API server
 * enforces it: the CRD installed in a cluster may be older than the operator, the tests' mock API
 * server checks nothing, and what the bridge is about to create has not met any schema yet. And one
 * thing no schema says: the names of the objects made for a VideoJob ({@link VideoJobNames}) are
 * derived from {@code videoId}, so it must be a UUID in its canonical form, or two spellings would
 * name one Job.
 *
 * <p>Used by the bridge before it creates a VideoJob (a message that fails goes to the dead-letter
 * queue) and by the reconciler before it makes anything for one (the VideoJob fails as {@code
 * InvalidSpec}).
 */
public final class VideoJobValidator {

  private VideoJobValidator() {}

  /** Every rule {@code spec} breaks, by field ({@code spec.extraction.fps}); empty when none. */
  public static List<Violation> check(VideoJobSpec spec) {
    if (spec == null) {
      return List.of(new Violation("spec", "must be given"));
    }
    List<Violation> violations = new ArrayList<>();
    if (videoId(spec).isEmpty()) {
      violations.add(
          new Violation("spec.videoId", "must be a lower-case UUID, was " + spec.videoId()));
    }
    if (spec.owner() == null || spec.owner().userId() == null || spec.owner().userId().isBlank()) {
      violations.add(new Violation("spec.owner.userId", "must not be blank"));
    }
    checkPart("spec.source", spec.source(), violations);
    checkPart("spec.output", spec.output(), violations);
    checkPart("spec.extraction", spec.extraction(), violations);
    violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
    return List.copyOf(violations);
  }

  /** {@code spec.videoId} as a UUID, when it is one in its canonical (lower-case) form. */
  public static Optional<UUID> videoId(VideoJobSpec spec) {
    String id = spec == null ? null : spec.videoId();
    if (id == null) {
      return Optional.empty();
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A required part of the spec, checked with the contract's own validation. */
  private static void checkPart(String field, Object part, List<Violation> violations) {
    if (part == null) {
      violations.add(new Violation(field, "must be given"));
      return;
    }
    for (Violation violation : ContractValidator.check(part)) {
      violations.add(new Violation(field + "." + violation.field(), violation.message()));
    }
  }
}
