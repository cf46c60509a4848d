package dev.frameflow.operator.podapi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest progress each running extraction reported, by VideoJob uid, in memory. Only ever moves
 * forward; forgotten when the VideoJob finishes. Lost on restart, which costs nothing: the next
 * report (every second while the pod runs) brings it back.
 */
public final class ProgressBoard {

  /** A report as received. */
  public record Reported(int percent, Integer framesWritten, Instant at) {}

  private final Map<String, Reported> byUid = new ConcurrentHashMap<>();

  /** Returns true when this report moved the video forward. */
  public boolean record(String uid, int percent, Integer framesWritten, Instant at) {
    Reported next = new Reported(percent, framesWritten, at);
    Reported merged = byUid.merge(uid, next, (old, neu) -> isNewer(neu, old) ? neu : old);
    return merged == next;
  }

  /** Further along: a higher percent, or as far with more frames written. */
  private static boolean isNewer(Reported candidate, Reported old) {
    if (candidate.percent() != old.percent()) {
      return candidate.percent() > old.percent();
    }
    return candidate.framesWritten() != null
        && (old.framesWritten() == null || candidate.framesWritten() > old.framesWritten());
  }

  public Optional<Reported> latest(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  public void forget(String uid) {
    byUid.remove(uid);
  }

  public int size() {
    return byUid.size();
  }
}
