package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.podapi.PodAccessDecisions;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the reconciler watches, and the indexes it reads instead of scanning every object: the
 * VideoJobs (primary cache, indexed by phase), their Jobs (indexed by finished or not), their pods,
 * and an inbound source through which progress reports and broker confirms ask for a
 * reconciliation.
 */
final class VideoJobEventSources {

  static final String BY_PHASE = "phase";
  static final String BY_RUNNING_JOB = "unfinished";
  static final String BY_NAME = "name";
  static final String WAITING = "Waiting";
  private static final String NO_PHASE = "None";

  private volatile InformerEventSource<Job, VideoJob> jobs;
  private volatile InformerEventSource<Pod, VideoJob> pods;
  private volatile IndexerResourceCache<VideoJob> videoJobs;
  private final SimpleInboundEventSource triggers = new SimpleInboundEventSource();

  List<EventSource<?, VideoJob>> prepare(EventSourceContext<VideoJob> context) {
    videoJobs = context.getPrimaryCache();
    videoJobs.addIndexers(Map.of(BY_PHASE, VideoJobEventSources::phaseKeys));
    var jobConfig =
        InformerEventSourceConfiguration.from(Job.class, VideoJob.class)
            .withName("jobs")
            .withNamespacesInheritedFromController()
            .withLabelSelector(MetadataKeys.MANAGED_SELECTOR)
            .withPrimaryToSecondaryMapper(
                (VideoJob v) ->
                    VideoJobReconciler.jobName(v).map(n -> Set.of(jobId(v, n))).orElse(Set.of()))
            .withSecondaryToPrimaryMapper(this::videoJobsConcernedBy)
            .build();
    jobs = new InformerEventSource<>(jobConfig, context);
    jobs.addIndexers(
        Map.of(
            BY_RUNNING_JOB,
            job -> JobObservation.isFinished(job) ? List.of() : List.of(Boolean.TRUE.toString()),
            BY_NAME,
            job ->
                List.of(nameKey(job.getMetadata().getNamespace(), job.getMetadata().getName()))));
    var podConfig =
        InformerEventSourceConfiguration.from(Pod.class, VideoJob.class)
            .withName("pods")
            .withNamespacesInheritedFromController()
            .withLabelSelector(MetadataKeys.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(VideoJobEventSources::ownerOfPod)
            .build();
    pods = new InformerEventSource<>(podConfig, context);
    return List.of(jobs, pods, triggers);
  }

  boolean ready() {
    return jobs != null && videoJobs != null;
  }

  Optional<Job> job(VideoJob videoJob, String jobName) {
    return jobs.get(jobId(videoJob, jobName));
  }

  boolean hasJob(VideoJob videoJob) {
    return VideoJobReconciler.jobName(videoJob)
        .map(n -> jobs.get(jobId(videoJob, n)).isPresent())
        .orElse(false);
  }

  /** A Job this operator just created: in the cache at once, so the next pass sees it. */
  void jobCreated(Job created) {
    jobs.handleRecentResourceCreate(ResourceID.fromResource(created), created);
  }

  /** Reconcile this VideoJob soon (a progress report, a confirmed outcome). */
  void trigger(ResourceID videoJob) {
    triggers.propagateEvent(videoJob);
  }

  Optional<VideoJob> cached(String namespace, String name) {
    return videoJobs == null ? Optional.empty() : videoJobs.get(new ResourceID(name, namespace));
  }

  /**
   * What the access endpoint reads: these caches, and the API server for a pod the cache has not
   * seen yet (its container can start before the watch event arrives).
   */
  PodAccessDecisions.Cluster accessCluster(KubernetesClient client) {
    return new PodAccessDecisions.Cluster() {
      @Override
      public Optional<Pod> pod(String namespace, String name) {
        Optional<Pod> cached = pods.get(new ResourceID(name, namespace));
        return cached.isPresent()
            ? cached
            : Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
      }

      @Override
      public Optional<Job> job(String namespace, String name) {
        return jobs.get(new ResourceID(name, namespace));
      }

      @Override
      public Optional<VideoJob> videoJob(String namespace, String name) {
        return cached(namespace, name);
      }
    };
  }

  private static String nameKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The cached VideoJobs in a final phase. */
  List<VideoJob> finished() {
    List<VideoJob> all =
        new java.util.ArrayList<>(videoJobs.byIndex(BY_PHASE, Phase.Succeeded.name()));
    all.addAll(videoJobs.byIndex(BY_PHASE, Phase.Failed.name()));
    return all;
  }

  /** How many cached VideoJobs are in each phase ({@code None}: not reconciled yet). */
  long countInPhase(String phase) {
    return videoJobs == null ? 0 : videoJobs.byIndex(BY_PHASE, phase).size();
  }

  /** What the slot decision reads, for VideoJobs (and their Jobs) in {@code namespace}. */
  JobSlots.Cache slotCache(String namespace) {
    return new JobSlots.Cache() {
      @Override
      public long jobCount() {
        return jobs.keys().count();
      }

      @Override
      public long videoJobCount() {
        return videoJobs.byIndex(BY_PHASE, WAITING).size();
      }

      @Override
      public boolean isCached(String jobName) {
        // the informer's own store, which the unfinished count reads: not get(), which also
        // answers from the cache of Jobs just created (before their watch event arrives)
        return !jobs.byIndex(BY_NAME, nameKey(namespace, jobName)).isEmpty();
      }

      @Override
      public long unfinishedJobs() {
        return jobs.byIndex(BY_RUNNING_JOB, Boolean.TRUE.toString()).size();
      }

      @Override
      public Collection<VideoJob> waitingVideoJobs() {
        return videoJobs.byIndex(BY_PHASE, WAITING);
      }

      @Override
      public long podCount() {
        return jobs.list().mapToLong(SlicedJobs::podsOf).sum();
      }

      @Override
      public long unfinishedPods() {
        return jobs.byIndex(BY_RUNNING_JOB, Boolean.TRUE.toString()).stream()
            .mapToLong(SlicedJobs::podsOf)
            .sum();
      }

      @Override
      public Map<String, Long> unfinishedPodsByOwner() {
        // the unfinished Jobs are at most the cap; each one's owner is its VideoJob's, one cache
        // lookup away (a Job whose VideoJob is gone still holds its pods, under no owner)
        Map<String, Long> byOwner = new HashMap<>();
        for (Job job : jobs.byIndex(BY_RUNNING_JOB, Boolean.TRUE.toString())) {
          String owner =
              videoJobOf(job).flatMap(id -> videoJobs.get(id)).map(JobSlots::ownerOf).orElse("");
          byOwner.merge(owner, (long) SlicedJobs.podsOf(job), Long::sum);
        }
        return byOwner;
      }
    };
  }

  /**
   * A Job event concerns its VideoJob; a Job that stopped holding a slot (finished or deleted) also
   * concerns every VideoJob waiting for one.
   */
  private Set<ResourceID> videoJobsConcernedBy(Job job) {
    Set<ResourceID> ids = new HashSet<>();
    videoJobOf(job).ifPresent(ids::add);
    boolean holdsSlot =
        !JobObservation.isFinished(job)
            && jobs != null
            && jobs.get(ResourceID.fromResource(job)).isPresent();
    if (!holdsSlot && videoJobs != null) {
      videoJobs.byIndex(BY_PHASE, WAITING).stream()
          .filter(JobSlots::isWaiting)
          .filter(v -> !hasJob(v))
          .map(ResourceID::fromResource)
          .forEach(ids::add);
    }
    return ids;
  }

  private static Optional<ResourceID> videoJobOf(Job job) {
    String videoJob =
        job.getMetadata().getLabels() == null
            ? null
            : job.getMetadata().getLabels().get(MetadataKeys.VIDEO_JOB);
    return videoJob == null
        ? Optional.empty()
        : Optional.of(new ResourceID(videoJob, job.getMetadata().getNamespace()));
  }

  /** The phase, and {@value #WAITING} for VideoJobs waiting for a slot. */
  private static List<String> phaseKeys(VideoJob videoJob) {
    Phase phase = videoJob.getStatus() == null ? null : videoJob.getStatus().getPhase();
    String key = phase == null ? NO_PHASE : phase.name();
    return JobSlots.isWaiting(videoJob) ? List.of(key, WAITING) : List.of(key);
  }

  private static Set<ResourceID> ownerOfPod(Pod pod) {
    String owner =
        pod.getMetadata().getLabels() == null
            ? null
            : pod.getMetadata().getLabels().get(MetadataKeys.VIDEO_JOB);
    return owner == null
        ? Set.of()
        : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
  }

  private static ResourceID jobId(VideoJob videoJob, String jobName) {
    return new ResourceID(jobName, videoJob.getMetadata().getNamespace());
  }
}
