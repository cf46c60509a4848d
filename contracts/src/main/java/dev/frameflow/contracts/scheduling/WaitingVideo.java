package dev.frameflow.contracts.scheduling;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A video waiting for a slot.
 *
 * @param id the video (or VideoJob) it is, unique among the waiting
 * @param owner whose video it is
 * @param since when it started waiting (ties between owners break by it)
 * @param pods how many pods it will run at once (a sliced video counts its indexes)
 */
public record WaitingVideo(String id, String owner, Instant since, int pods) {

  /** Oldest first; the id breaks ties between videos that started waiting at the same instant. */
  public static final Comparator<WaitingVideo> OLDEST_FIRST =
      Comparator.comparing(WaitingVideo::since).thenComparing(WaitingVideo::id);

  public WaitingVideo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(since, "since");
    if (pods < 1) {
      throw new IllegalArgumentException("a video runs at least one pod, was " + pods);
    }
  }
}
