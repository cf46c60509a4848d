package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.contracts.scheduling.SlotDecision;
import dev.frameflow.contracts.scheduling.WaitingVideo;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobOwner;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The concurrency cap: at most {@code max} pods of unfinished extraction Jobs at once (a sliced
 * video's Indexed Job counts its parallelism, any other Job one), handed out to the waiting
 * VideoJobs by fair share of their owners ({@link FairShare}: the owner with the fewest running
 * pods first, ties by the oldest waiting VideoJob). Reconciliations run in parallel, so the
 * decision is taken under one lock, and a Job this operator just created counts as running until
 * the informer cache shows it (the cache lags the API server by a watch event).
 */
final class JobSlots {

  /** Oldest first; the name breaks ties between VideoJobs created in the same second. */
  static final Comparator<VideoJob> CREATION_ORDER =
      Comparator.comparing((VideoJob v) -> String.valueOf(v.getMetadata().getCreationTimestamp()))
          .thenComparing(v -> v.getMetadata().getName());

  /** A Job created and not in the cache yet: whose, and how many pods. */
  private record Taken(String owner, int pods) {}

  private final FairShare fairShare;
  private final Map<String, Taken> createdNotYetSeen = new ConcurrentHashMap<>();

  JobSlots(int max) {
    this(new FairShare(checked(max)));
  }

  JobSlots(FairShare fairShare) {
    this.fairShare = fairShare;
  }

  private static int checked(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max concurrent Jobs must be at least 1, was " + max);
    }
    return max;
  }

  int max() {
    return fairShare.cap();
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

  synchronized boolean tryTake(
      VideoJob candidate,
      String candidateJobName,
      int pods,
      ToIntFunction<VideoJob> podsOf,
      Cache cache,
      Predicate<VideoJob> hasJob) {
    return decide(candidate, candidateJobName, pods, podsOf, cache, hasJob)
        instanceof SlotDecision.Admit;
  }

  /**
   * @param pods how many pods the candidate's Job will run at once
   * @param podsOf the same for any waiting VideoJob (to hand out slots fairly)
   * @return admitted (the slot is taken), or why it waits and where it stands
   */
  synchronized SlotDecision decide(
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
    if (cache.podCount() + pending() + waitingPods <= max()) {
      return take(candidate, candidateJobName, pods);
    }
    // Read from the informers' indexes: unfinished Jobs and waiting VideoJobs only, so the cost
    // does not grow with the finished VideoJobs kept until their TTL. A Job leaves
    // createdNotYetSeen only once it is in the same store that the unfinished count comes from.
    createdNotYetSeen.keySet().removeIf(cache::isCached);
    Map<String, Long> running = new HashMap<>(cache.unfinishedPodsByOwner());
    createdNotYetSeen.values().forEach(t -> running.merge(t.owner(), (long) t.pods(), Long::sum));
    Map<String, WaitingVideo> waiting = new LinkedHashMap<>();
    for (VideoJob v : cache.waitingVideoJobs()) {
      if (isWaiting(v) && !hasJob.test(v) && !createdNotYetSeen.containsKey(jobNameOf(v))) {
        waiting.put(v.getMetadata().getName(), waitingVideo(v, podsOf.applyAsInt(v)));
      }
    }
    // the candidate's own count wins: it is what its Job will run
    waiting.put(candidate.getMetadata().getName(), waitingVideo(candidate, pods));
    SlotDecision decision =
        fairShare.line(running, waiting.values()).decide(candidate.getMetadata().getName());
    return decision instanceof SlotDecision.Admit
        ? take(candidate, candidateJobName, pods)
        : decision;
  }

  private SlotDecision take(VideoJob candidate, String jobName, int pods) {
    createdNotYetSeen.put(jobName, new Taken(ownerOf(candidate), pods));
    return new SlotDecision.Admit(waitingVideo(candidate, pods));
  }

  static WaitingVideo waitingVideo(VideoJob videoJob, int pods) {
    String created = videoJob.getMetadata().getCreationTimestamp();
    return new WaitingVideo(
        videoJob.getMetadata().getName(),
        ownerOf(videoJob),
        created == null ? Instant.EPOCH : Instant.parse(created),
        Math.max(1, pods));
  }

  /** The owner's user id; a VideoJob without one counts as the anonymous owner "". */
  static String ownerOf(VideoJob videoJob) {
    VideoJobOwner owner = videoJob.getSpec() == null ? null : videoJob.getSpec().owner();
    return owner == null || owner.userId() == null ? "" : owner.userId();
  }

  private long pending() {
    long sum = 0;
    for (Taken taken : createdNotYetSeen.values()) {
      sum += taken.pods();
    }
    return sum;
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

    /**
     * Pods of the cached unfinished Jobs by their VideoJob's owner; by default all of them under
     * the anonymous owner "".
     */
    default Map<String, Long> unfinishedPodsByOwner() {
      return Map.of("", unfinishedPods());
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
