package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * The concurrency cap: at most {@code max} pods of unfinished extraction Jobs at once (a sliced
 * video's Indexed Job counts its parallelism, any other Job one), handed out to the waiting
 * VideoJobs in creation order. Reconciliations run in parallel, so the decision is taken under one
 * lock, and a Job this operator just created counts as running until the informer cache shows it
 * (the cache lags the API server by a watch event).
 */
final class JobSlots {

  /** Oldest first; the name breaks ties between VideoJobs created in the same second. */
  static final Comparator<VideoJob> CREATION_ORDER =
      Comparator.comparing((VideoJob v) -> String.valueOf(v.getMetadata().getCreationTimestamp()))
          .thenComparing(v -> v.getMetadata().getName());

  private final int max;
  private final Map<String, Integer> createdNotYetSeen = new ConcurrentHashMap<>();

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
   * @param candidateJobName the name its Job will have
   * @param cache the informer caches
   * @param hasJob whether a VideoJob already has a Job (in the cache)
   * @return whether the candidate may create its Job now; if so, the slot is taken
   */
  synchronized boolean tryTake(
      VideoJob candidate, String candidateJobName, Cache cache, Predicate<VideoJob> hasJob) {
    return tryTake(candidate, candidateJobName, 1, v -> 1, cache, hasJob);
  }

  /**
   * @param pods how many pods the candidate's Job will run at once
   * @param podsOf the same for any waiting VideoJob (to hand out slots oldest first)
   */
  synchronized boolean tryTake(
      VideoJob candidate,
      String candidateJobName,
      int pods,
      ToIntFunction<VideoJob> podsOf,
      Cache cache,
      Predicate<VideoJob> hasJob) {
    // When every waiting VideoJob could have its pods running without passing the cap, ordering
    // does not matter: admit at once (the common case). The waiting VideoJobs' pods are summed
    // (a sliced one needs several; computing it is arithmetic on its spec). Finished VideoJobs
    // kept until their TTL need no slot and do not count.
    long waitingPods = 0;
    for (VideoJob waiting : cache.waitingVideoJobs()) {
      waitingPods += podsOf.applyAsInt(waiting);
    }
    if (cache.podCount() + pending() + waitingPods <= max) {
      createdNotYetSeen.put(candidateJobName, pods);
      return true;
    }
    // Read from the informers' indexes: unfinished Jobs and waiting VideoJobs only, so the cost
    // does not grow with the finished VideoJobs kept until their TTL. A Job leaves
    // createdNotYetSeen only once it is in the same store that the unfinished count comes from.
    createdNotYetSeen.keySet().removeIf(cache::isCached);
    long unfinished = cache.unfinishedPods();
    long free = max - unfinished - pending();
    if (free < pods) {
      return false;
    }
    Collection<VideoJob> videoJobs = cache.waitingVideoJobs();
    List<VideoJob> waiting =
        Stream.concat(videoJobs.stream(), Stream.of(candidate))
            .filter(JobSlots::isWaiting)
            .filter(hasJob.negate())
            .filter(v -> !createdNotYetSeen.containsKey(jobNameOf(v)))
            .distinct()
            .toList();
    // only when there are more takers than slots does the order matter (and cost a sort): the
    // oldest are served first, as many as fit, and nobody overtakes a sliced video waiting for
    // its pods
    boolean admitted;
    if (waiting.stream().mapToLong(podsOf::applyAsInt).sum() <= free) {
      admitted = true;
    } else {
      admitted = false;
      long left = free;
      for (VideoJob v : waiting.stream().sorted(CREATION_ORDER).toList()) {
        left -= sameName(v, candidate) ? pods : podsOf.applyAsInt(v);
        if (left < 0) {
          break;
        }
        if (sameName(v, candidate)) {
          admitted = true;
          break;
        }
      }
    }
    if (admitted) {
      createdNotYetSeen.put(candidateJobName, pods);
    }
    return admitted;
  }

  private long pending() {
    long sum = 0;
    for (int pods : createdNotYetSeen.values()) {
      sum += pods;
    }
    return sum;
  }

  private static boolean sameName(VideoJob a, VideoJob b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName());
  }

  private static String jobNameOf(VideoJob videoJob) {
    return VideoJobReconciler.jobName(videoJob).orElse("");
  }

  /** What the decision reads from the informer caches, the cheap parts separately. */
  interface Cache {
    long jobCount();

    /** How many VideoJobs wait for a slot (no phase yet, or Queued). */
    long videoJobCount();

    /** Whether the informer's own store (the one {@link #unfinishedJobs} counts) holds the Job. */
    boolean isCached(String jobName);

    /** How many cached Jobs have not finished. */
    long unfinishedJobs();

    /** The VideoJobs waiting for a slot (no phase yet, or Queued), from an index. */
    Collection<VideoJob> waitingVideoJobs();

    /** Pods of all cached Jobs (an Indexed Job counts its parallelism); by default one per Job. */
    default long podCount() {
      return jobCount();
    }

    /** Pods of the cached unfinished Jobs; by default one per Job. */
    default long unfinishedPods() {
      return unfinishedJobs();
    }
  }

  /**
   * The Job could not be created after all, or its VideoJob is gone and the Job deleted: give the
   * slot back (a Job deleted before the cache showed it would otherwise count as running for ever,
   * and a few cancels right after their launch would hold every slot).
   */
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
