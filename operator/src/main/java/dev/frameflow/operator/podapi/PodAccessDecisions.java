package dev.frameflow.operator.podapi;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.operator.job.JobAccess;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides what a pod the API server vouched for may touch, from the operator's caches: the pod must
 * run as the extractor ServiceAccount in the operator's namespace and be the pod it claims (uid),
 * controlled by a Job this operator made for a VideoJob that is not finished. Then:
 *
 * <ul>
 *   <li>the probe Job's pod gets the source's GET;
 *   <li>the one-pod Job's pod gets the source and a multipart upload of the ZIP of its own (created
 *       on its first request; a repeated request gets the same one back);
 *   <li>the pod of index i of an Indexed Job gets the source and the URLs of part i alone: its
 *       index is the pod's, set by the Job controller, not something the pod says.
 * </ul>
 */
public class PodAccessDecisions {

  /** What the decision reads: the operator's informer caches (a pod also from the API server). */
  public interface Cluster {
    Optional<Pod> pod(String namespace, String name);

    Optional<Job> job(String namespace, String name);

    Optional<VideoJob> videoJob(String namespace, String name);
  }

  /** The answer for one pod. */
  public sealed interface Decision {}

  /** The pod gets {@code grant}; {@code what} says which (for the log). */
  public record Granted(AccessGrant grant, String what) implements Decision {}

  /** The pod is not entitled to anything (403). */
  public record Refused(String why) implements Decision {}

  /** Not decidable now (a cache behind): the pod asks again (503). */
  public record NotYet(String why) implements Decision {}

  private final JobAccess access;
  private final String namespace;
  private final String serviceAccount;

  /** The upload each one-pod extraction pod got, by pod uid: a repeated request gets it again. */
  private final Map<String, String> uploads =
      Caffeine.newBuilder().maximumSize(10_000).<String, String>build().asMap();

  /**
   * @param namespace where this operator's Jobs run
   * @param serviceAccount the extractor pods' ServiceAccount
   */
  public PodAccessDecisions(JobAccess access, String namespace, String serviceAccount) {
    this.access = access;
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
  }

  public Decision decide(PodIdentity who, Cluster cluster) {
    if (!namespace.equals(who.namespace()) || !serviceAccount.equals(who.serviceAccount())) {
      return new Refused("not an extractor pod of this operator");
    }
    // the cache, or the API server when the watch is behind: absent from both, the pod is gone
    Optional<Pod> pod = cluster.pod(who.namespace(), who.podName());
    if (pod.isEmpty()) {
      return new Refused("no such pod");
    }
    if (!who.podUid().equals(pod.get().getMetadata().getUid())) {
      return new Refused("the token's pod uid is not the pod's");
    }
    Optional<OwnerReference> jobRef = controller(pod.get(), "Job");
    if (jobRef.isEmpty()) {
      return new Refused("the pod belongs to no Job");
    }
    Optional<Job> job = cluster.job(who.namespace(), jobRef.get().getName());
    if (job.isEmpty()) {
      return new NotYet("Job " + jobRef.get().getName() + " not in the cache yet");
    }
    if (!jobRef.get().getUid().equals(job.get().getMetadata().getUid())) {
      return new Refused("the pod's Job is gone");
    }
    Optional<OwnerReference> videoJobRef = controller(job.get(), VideoJob.class.getSimpleName());
    Optional<VideoJob> videoJob =
        videoJobRef.flatMap(ref -> cluster.videoJob(who.namespace(), ref.getName()));
    if (videoJob.isEmpty()
        || !videoJobRef.get().getUid().equals(videoJob.get().getMetadata().getUid())) {
      return new Refused("the pod's Job belongs to no VideoJob");
    }
    if (videoJob.get().getStatus() != null
        && videoJob.get().getStatus().getPhase() != null
        && videoJob.get().getStatus().getPhase().isFinal()) {
      return new Refused("the video is " + videoJob.get().getStatus().getPhase());
    }
    return grant(pod.get(), job.get(), videoJob.get());
  }

  private Decision grant(Pod pod, Job job, VideoJob videoJob) {
    var spec = videoJob.getSpec();
    UUID videoId = UUID.fromString(spec.videoId());
    long deadline =
        job.getSpec().getActiveDeadlineSeconds() != null
            ? job.getSpec().getActiveDeadlineSeconds()
            : 3600;
    String jobName = job.getMetadata().getName();
    if (jobName.equals(VideoJobNames.probeJob(videoId))) {
      return new Granted(access.probeGrant(spec, deadline), "the source (probe)");
    }
    if (!jobName.equals(VideoJobNames.job(videoId))) {
      return new Refused("Job " + jobName + " is not the VideoJob's");
    }
    if (!SlicedJobs.isSliced(job)) {
      String uploadId = uploadFor(pod, videoJob);
      return new Granted(
          access.onePodGrant(spec, deadline, uploadId), "the source and the ZIP's upload");
    }
    Integer index = completionIndex(pod);
    String uploadId = annotation(job, MetadataKeys.UPLOAD_ID);
    if (index == null || index < 0 || index >= SlicedJobs.slicesOf(job) || uploadId == null) {
      return new Refused("the pod has no valid completion index or its Job no upload");
    }
    return new Granted(
        access.sliceGrant(spec, deadline, index, uploadId),
        "the source and slice " + index + "'s part");
  }

  /** The pod's own multipart upload: created once, handed out again on a repeated request. */
  private String uploadFor(Pod pod, VideoJob videoJob) {
    String podUid = pod.getMetadata().getUid();
    String known = uploads.get(podUid);
    if (known != null) {
      return known;
    }
    String created = access.createUpload(videoJob.getSpec().output());
    String kept = uploads.putIfAbsent(podUid, created);
    if (kept != null) {
      // two requests of one pod at once: one upload is enough
      access.abortUpload(videoJob.getSpec().output(), created);
      return kept;
    }
    return created;
  }

  private static Integer completionIndex(Pod pod) {
    String value = annotation(pod, MetadataKeys.JOB_COMPLETION_INDEX);
    if (value == null && pod.getMetadata().getLabels() != null) {
      value = pod.getMetadata().getLabels().get(MetadataKeys.JOB_COMPLETION_INDEX);
    }
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static Optional<OwnerReference> controller(HasMetadata object, String kind) {
    if (object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()) && kind.equals(ref.getKind()))
        .filter(ref -> ref.getUid() != null && ref.getName() != null)
        .findFirst();
  }
}
