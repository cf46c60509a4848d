package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.videojob.Phase;
import dev.frameflow.operator.videojob.VideoJob;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The concurrency cap: at most {@code max} unfinished extraction Jobs at once, handed out to the
 * waiting VideoJobs in creation order. Reconciliations run in parallel, so the decision is taken
 * under one lock, and a Job this operator just created counts as running until the informer cache
 * shows it (the cache lags the API server by a watch event).
 */
final class JobSlots {

  /** Oldest first; the name breaks ties between VideoJobs created in the same second. */
  static final Comparator<VideoJob> CREATION_ORDER =
      Comparator.comparing((VideoJob v) -> String.valueOf(v.getMetadata().getCreationTimestamp()))
          .thenComparing(v -> v.getMetadata().getName());

  private final int max;
  private final Set<String> createdNotYetSeen = ConcurrentHashMap.newKeySet();

  JobSlots(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max concurrent Jobs must be at least 1, was " + max);
    }
    this.max = max;
  }

  int max() {
    return max;
  }

  /**
   * @param candidate a VideoJob without a Job
   * @param unfinishedJobNames names of the unfinished Jobs in the informer cache
   * @param knownJobNames names of all Jobs in the informer cache
   * @param videoJobs all VideoJobs in the informer cache
   * @param hasJob whether a VideoJob already has a Job (in the cache)
   * @return whether the candidate may create its Job now; if so, the slot is taken
   */
  synchronized boolean tryTake(
      VideoJob candidate,
      String candidateJobName,
      Set<String> unfinishedJobNames,
      Set<String> knownJobNames,
      Collection<VideoJob> videoJobs,
      Predicate<VideoJob> hasJob) {
    createdNotYetSeen.removeIf(knownJobNames::contains);
    int running = unfinishedJobNames.size() + createdNotYetSeen.size();
    int free = max - running;
    if (free <= 0) {
      return false;
    }
    List<VideoJob> waiting =
        Stream.concat(videoJobs.stream(), Stream.of(candidate))
            .filter(JobSlots::isWaiting)
            .filter(hasJob.negate())
            .distinct()
            .sorted(CREATION_ORDER)
            .limit(free)
            .toList();
    boolean admitted =
        waiting.stream()
            .anyMatch(v -> v.getMetadata().getName().equals(candidate.getMetadata().getName()));
    if (admitted) {
      createdNotYetSeen.add(candidateJobName);
    }
    return admitted;
  }

  /** The Job could not be created after all: give the slot back. */
  void release(String jobName) {
    createdNotYetSeen.remove(jobName);
  }

  static boolean isWaiting(VideoJob videoJob) {
    if (videoJob.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    Phase phase = videoJob.getStatus() == null ? null : videoJob.getStatus().getPhase();
    return phase == null || phase == Phase.Queued;
  }
}
