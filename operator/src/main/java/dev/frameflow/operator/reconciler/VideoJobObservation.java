package dev.frameflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Set;

/**
 * What one pass saw of a VideoJob in the informer caches ({@link VideoJobObserver}): exactly one of
 * these, each answered by one step of {@link VideoJobReconciler}. Deciding from one value keeps the
 * pass's branches in one place, where a reader sees every case.
 */
sealed interface VideoJobObservation {

  /** The VideoJob is gone: its Job goes, and its outcome is sent if it never was. */
  record Deleted() implements VideoJobObservation {}

  /** Finished, outcome published, status current: only its retention is left. */
  record Settled() implements VideoJobObservation {}

  /** The spec breaks {@code VideoJobValidator}: the VideoJob fails without a Job. */
  record InvalidSpec(String message) implements VideoJobObservation {}

  /** A final phase whose outcome or status is not recorded yet: nothing left to run. */
  record Finished() implements VideoJobObservation {}

  /** A Job of the VideoJob's name left by an earlier VideoJob of the same name. */
  record ForeignJob() implements VideoJobObservation {}

  /** The VideoJob's Job, with the pods of that Job. */
  record JobFound(String jobName, Job job, Set<Pod> pods) implements VideoJobObservation {}

  /** No Job yet, and the slices depend on a duration nobody measured: probe the source first. */
  record ProbeNeeded(Set<Pod> pods) implements VideoJobObservation {}

  /** No Job yet, and nothing to measure first: it may be launched when a slot is free. */
  record JobMissing(String jobName) implements VideoJobObservation {}
}
