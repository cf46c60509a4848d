package dev.frameflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Standard conditions (type, status, reason, message, lastTransitionTime, observedGeneration):
 * {@code lastTransitionTime} moves only when the status flips, as Kubernetes conventions require.
 */
final class StatusConditions {

  static final String READY = "Ready";
  static final String FAILED = "Failed";
  static final String SPEC_CHANGE_IGNORED = "SpecChangeIgnored";
  static final String RECONCILE_ERROR = "ReconcileError";

  private StatusConditions() {}

  static void set(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation) {
    String value = status ? "True" : "False";
    Condition existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition =
        existing != null && value.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : Instant.now().toString();
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withLastTransitionTime(transition)
            .withObservedGeneration(generation)
            .build();
    if (existing == null) {
      conditions.add(updated);
    } else if (!Objects.equals(existing, updated)) {
      conditions.set(conditions.indexOf(existing), updated);
    }
  }

  static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }
}
