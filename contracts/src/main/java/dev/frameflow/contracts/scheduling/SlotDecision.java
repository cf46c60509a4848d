package dev.frameflow.contracts.scheduling;

/** What {@link FairShare} answers for one waiting video. */
public sealed interface SlotDecision {

  /** It may start now: its pods are counted as running from here on. */
  record Admit(WaitingVideo video) implements SlotDecision {}

  /**
   * It waits.
   *
   * @param reason one line for people ("waiting: 20 of 20 pods in use, owner has 0 running")
   * @param position where it stands
   */
  record Wait(String reason, QueuePosition position) implements SlotDecision {}
}
