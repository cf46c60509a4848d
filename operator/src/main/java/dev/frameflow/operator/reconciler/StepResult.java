package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.VideoJob;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;

/** What a step of {@link VideoJobReconciler} asks of the rest of its pass. */
sealed interface StepResult {

  /** Go on and record the status; look again after {@code recheck} (null: on events only). */
  record Proceed(Duration recheck) implements StepResult {}

  /**
   * This pass wrote to the API server (a Job created or deleted, a VideoJob deleted): it writes
   * nothing else, and the next pass records what the caches then show. Look again after {@code
   * after} (null: on events only).
   */
  record EndPass(Duration after) implements StepResult {

    UpdateControl<VideoJob> control() {
      return after == null
          ? UpdateControl.noUpdate()
          : UpdateControl.<VideoJob>noUpdate().rescheduleAfter(after);
    }
  }

  static StepResult proceed() {
    return new Proceed(null);
  }

  /** The earlier of two rechecks, null standing for none. */
  static Duration earliest(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
