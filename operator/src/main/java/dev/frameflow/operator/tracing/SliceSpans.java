package dev.frameflow.operator.tracing;

import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One span per slice of a sliced (Indexed) Job: per pod of an index, from when its extractor
 * started running (else when the pod was created) to its outcome, with the video's id, the slice's
 * index, the pod and the outcome ({@code succeeded}, {@code failed} with its exit code, or {@code
 * stopped} when the Job ended before the pod did). A retried index is a span per attempt.
 *
 * <p>The span is recorded once the outcome is known, with the times the pod's status gives: the
 * operator follows pods from its caches between passes and may learn of a slice only after it
 * ended; the times are the kubelet's, not the pass's. Its parent is the span the pod itself was
 * given ({@code TRACEPARENT}: the pass that created the Job), so the slices sit beside the
 * extractor's own spans under it.
 *
 * <p>Which pods were recorded is kept in the VideoJob's status ({@code tracedSlicePods}, pod uid to
 * slice index), as the rest of the operator keeps its state: the pass that records a span lists its
 * pod in the status it patches, and a new leader, reading the status, records none of the listed
 * pods again. This leader also remembers them per VideoJob, for the passes that run between its own
 * status patch and the informer cache showing it, until the VideoJob is deleted ({@link #forget})
 * or not followed for {@link #KEPT}; a pod it remembers but the status does not list is listed
 * again (level-based: the status converges to what was recorded, and a failed status patch is made
 * again by the next pass). Only a leader that ends between recording a span and a patch that lists
 * its pod leaves a duplicate: the next leader records that pod once more (at most one duplicate
 * span per pod), and lists it. Past {@code VideoJobStatus.MAX_TRACED_SLICE_PODS} pods (evictions
 * beyond the Job's retries) the status lists no more, and a new leader may repeat those.
 */
public final class SliceSpans {

  public static final String NAME = "video.slice";
  public static final String INDEX = "slice.index";
  public static final String OUTCOME = "slice.outcome";
  public static final String POD = "k8s.pod.name";
  public static final String EXIT_CODE = "slice.exit_code";

  private final VideoTraces traces;
  private final String container;
  private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();
  private volatile Instant nextSweep = Instant.now().plus(KEPT);

  /** The pods recorded for one VideoJob, and when it was last followed. */
  private static final class Recorded {
    final Set<String> pods = ConcurrentHashMap.newKeySet();
    volatile Instant touched = Instant.now();
  }

  /**
   * How long the pods recorded for a VideoJob are remembered after it was last followed: passes
   * that see its finished Job again (a status not yet in the cache, the assembly retried) must not
   * record them twice; a VideoJob not followed for that long is finished or gone.
   */
  static final java.time.Duration KEPT = java.time.Duration.ofHours(1);

  /**
   * @param container the name of the extractor's container, whose state is the slice's
   */
  public SliceSpans(VideoTraces traces, String container) {
    this.traces = traces;
    this.container = container;
  }

  /**
   * Records the span of each slice pod of {@code job} that ended and is neither listed in {@code
   * videoJob}'s status nor remembered, and lists it there (the pass's status, which the pass
   * patches); {@code parent} is the video's context, for pods that name none.
   */
  public void observe(VideoJob videoJob, Context parent, Job job, Collection<Pod> pods) {
    String videoJobUid = videoJob.getMetadata().getUid();
    if (videoJobUid == null) {
      return;
    }
    if (videoJob.getStatus() == null) {
      videoJob.setStatus(new VideoJobStatus());
    }
    VideoJobStatus status = videoJob.getStatus();
    String videoId = videoJob.getSpec() == null ? null : videoJob.getSpec().videoId();
    forgetIdle();
    Recorded entry = recorded.computeIfAbsent(videoJobUid, k -> new Recorded());
    entry.touched = Instant.now();
    Set<String> done = entry.pods;
    Ended jobEnded = Ended.of(job);
    for (Pod pod : pods) {
      Long index = index(pod);
      if (index == null) {
        continue;
      }
      String uid = pod.getMetadata().getUid();
      if (status.listsTracedSlicePod(uid)) {
        done.add(key(pod)); // recorded by an earlier leader, or by us and already in the cache
        continue;
      }
      if (done.contains(key(pod))) {
        // recorded by us, not (yet) in the status the pass read: listed again, no second span
        status.addTracedSlicePod(uid, index.intValue());
        continue;
      }
      Outcome outcome = outcome(pod, job, jobEnded);
      if (outcome == null) {
        continue; // still running
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put(INDEX, index);
      attributes.put(OUTCOME, outcome.outcome());
      attributes.put(POD, pod.getMetadata().getName());
      if (outcome.exitCode() != null) {
        attributes.put(EXIT_CODE, outcome.exitCode().longValue());
      }
      traces.record(
          NAME, parentOf(pod, parent), videoId, outcome.started(), outcome.ended(), attributes);
      done.add(key(pod));
      status.addTracedSlicePod(uid, index.intValue());
    }
  }

  /** The VideoJob is gone: its slices are not followed any more. */
  public void forget(String videoJobUid) {
    if (videoJobUid != null) {
      recorded.remove(videoJobUid);
    }
  }

  /** At most once per {@link #KEPT}: VideoJobs not followed for that long are forgotten. */
  private void forgetIdle() {
    Instant now = Instant.now();
    if (now.isBefore(nextSweep)) {
      return;
    }
    nextSweep = now.plus(KEPT);
    recorded.values().removeIf(r -> r.touched.isBefore(now.minus(KEPT)));
  }

  /** A slice pod's outcome, and when it ran. */
  private record Outcome(String outcome, Integer exitCode, Instant started, Instant ended) {}

  /** The pod's outcome when its slice has one; null while it runs. */
  private Outcome outcome(Pod pod, Job job, Ended jobEnded) {
    ContainerState state = state(pod);
    Instant created = parse(pod.getMetadata().getCreationTimestamp());
    if (state != null && state.getTerminated() != null) {
      var terminated = state.getTerminated();
      Integer exit = terminated.getExitCode();
      return new Outcome(
          Objects.equals(exit, 0) ? "succeeded" : "failed",
          exit,
          first(parse(terminated.getStartedAt()), created),
          first(parse(terminated.getFinishedAt()), Instant.now()));
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    boolean podEnded = "Succeeded".equals(phase) || "Failed".equals(phase);
    if (!podEnded && jobEnded == null) {
      return null;
    }
    // the pod ended without a container state to show, or the Job ended before the cache showed
    // this pod's end: the Job's status says how its index went
    Instant running =
        state != null && state.getRunning() != null
            ? parse(state.getRunning().getStartedAt())
            : null;
    return new Outcome(
        sliceOutcome(phase, index(pod), job, jobEnded),
        null,
        first(running, created),
        jobEnded != null && jobEnded.at() != null ? jobEnded.at() : Instant.now());
  }

  private static String sliceOutcome(String podPhase, long index, Job job, Ended jobEnded) {
    if ("Succeeded".equals(podPhase) || completed(job, index)) {
      return "succeeded";
    }
    if ("Failed".equals(podPhase)) {
      return "failed";
    }
    return jobEnded != null && jobEnded.complete() ? "succeeded" : "stopped";
  }

  /** Whether the Job's {@code completedIndexes} ("0-2,5") include {@code index}. */
  static boolean completed(Job job, long wanted) {
    String indexes = job.getStatus() == null ? null : job.getStatus().getCompletedIndexes();
    if (indexes == null || indexes.isBlank()) {
      return false;
    }
    for (String range : indexes.split(",")) {
      String[] ends = range.strip().split("-");
      try {
        long low = Long.parseLong(ends[0]);
        long high = ends.length > 1 ? Long.parseLong(ends[1]) : low;
        if (wanted >= low && wanted <= high) {
          return true;
        }
      } catch (NumberFormatException e) {
        // not the format Kubernetes writes: not counted
      }
    }
    return false;
  }

  /** The context the pod was given ({@code TRACEPARENT}); else {@code parent}. */
  private Context parentOf(Pod pod, Context parent) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return parent;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      if (!container.equals(c.getName()) || c.getEnv() == null) {
        continue;
      }
      for (EnvVar env : c.getEnv()) {
        if (JobTracing.TRACEPARENT_VARIABLE.equals(env.getName()) && env.getValue() != null) {
          fields.put(VideoTraces.TRACEPARENT, env.getValue());
        } else if (JobTracing.TRACESTATE_VARIABLE.equals(env.getName()) && env.getValue() != null) {
          fields.put(VideoTraces.TRACESTATE, env.getValue());
        }
      }
    }
    Context given = VideoTraces.fromHeaders(fields);
    return VideoTraces.isTraced(given) ? given : parent;
  }

  private ContainerState state(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> container.equals(c.getName()))
        .map(ContainerStatus::getState)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The pod's index in its Indexed Job; null when it has none (or not a number). */
  private static Long index(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String index = annotations == null ? null : annotations.get(MetadataKeys.JOB_COMPLETION_INDEX);
    if (index == null && pod.getMetadata().getLabels() != null) {
      index = pod.getMetadata().getLabels().get(MetadataKeys.JOB_COMPLETION_INDEX);
    }
    try {
      return index == null ? null : Long.parseLong(index);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String key(Pod pod) {
    String uid = pod.getMetadata().getUid();
    return uid != null ? uid : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static Instant first(Instant preferred, Instant otherwise) {
    return preferred != null ? preferred : otherwise != null ? otherwise : Instant.now();
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The Job's end: Complete or Failed, and when (null: unknown). */
  private record Ended(boolean complete, Instant at) {

    static Ended of(Job job) {
      if (job.getStatus() == null || job.getStatus().getConditions() == null) {
        return null;
      }
      for (JobCondition c : job.getStatus().getConditions()) {
        if (("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
            && "True".equals(c.getStatus())) {
          Instant at = parse(job.getStatus().getCompletionTime());
          return new Ended(
              "Complete".equals(c.getType()), at != null ? at : parse(c.getLastTransitionTime()));
        }
      }
      return null;
    }
  }
}
