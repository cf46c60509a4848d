package dev.frameflow.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.operator.job.ExtractionJobLabels;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.videojob.Phase;
import dev.frameflow.operator.videojob.VideoJob;
import dev.frameflow.operator.videojob.VideoJobNames;
import dev.frameflow.operator.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-based and idempotent: observe the VideoJob's Job and pods, decide, record the status.
 *
 * <ul>
 *   <li>no Job yet: take a slot under the concurrency cap (oldest VideoJob first) and create the
 *       Job, or wait as Queued. The Job's status is recorded by the next pass, from the cache; a
 *       pass makes at most one write besides Events;
 *   <li>a Job: follow it and its pods into the status (Pending, Running, Succeeded, Failed), see
 *       {@link JobFollower};
 *   <li>a final phase: publish {@code video.status} with confirms, then record its event id ({@link
 *       OutcomePublication}). A crash in between republishes with the same id after the restart.
 *   <li>the VideoJob deleted: delete its Job with background propagation (Kubernetes' garbage
 *       collector would do it through the owner reference too; doing it here also covers API
 *       servers without one, and costs a 404 otherwise).
 * </ul>
 *
 * A Job's pod template is immutable, so a spec edited after the Job exists is reported in the
 * {@code SpecChangeIgnored} condition and not applied.
 */
public class VideoJobReconciler implements Reconciler<VideoJob>, AutoCloseable {

  static final Duration QUEUED_RECHECK = Duration.ofSeconds(30);
  static final Duration RESULT_RECHECK = Duration.ofSeconds(1);
  static final Duration EXISTING_JOB_RECHECK = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(VideoJobReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExtractionJobLauncher launcher;
  private final OutcomePublication outcomes;
  private final JobFollower follower;
  private final KubernetesEvents events;
  private final JobSlots slots;

  private final Counter jobsCreated;
  private volatile InformerEventSource<Job, VideoJob> jobs;
  private volatile IndexerResourceCache<VideoJob> videoJobs;

  public VideoJobReconciler(
      ExtractionJobLauncher launcher,
      StatusPublisher publisher,
      KubernetesEvents events,
      int maxConcurrentJobs,
      Duration publishRetry,
      MeterRegistry meters) {
    this.jobsCreated =
        Counter.builder("frameflow.jobs.created")
            .description("extraction Jobs created by this replica")
            .register(meters);
    this.launcher = launcher;
    this.outcomes = new OutcomePublication(publisher, events, publishRetry, meters);
    this.follower = new JobFollower(events);
    this.events = events;
    this.slots = new JobSlots(maxConcurrentJobs);
  }

  /** Stops the background work (Event writing); called when the operator stops. */
  @Override
  public void close() {
    events.close();
  }

  @Override
  public List<EventSource<?, VideoJob>> prepareEventSources(EventSourceContext<VideoJob> context) {
    videoJobs = context.getPrimaryCache();
    var jobConfig =
        InformerEventSourceConfiguration.from(Job.class, VideoJob.class)
            .withName("jobs")
            .withNamespacesInheritedFromController()
            .withLabelSelector(ExtractionJobLabels.MANAGED_SELECTOR)
            .withPrimaryToSecondaryMapper(
                (VideoJob v) -> jobName(v).map(n -> Set.of(jobId(v, n))).orElse(Set.of()))
            .withSecondaryToPrimaryMapper(this::videoJobsConcernedBy)
            .build();
    jobs = new InformerEventSource<>(jobConfig, context);
    var podConfig =
        InformerEventSourceConfiguration.from(Pod.class, VideoJob.class)
            .withName("pods")
            .withNamespacesInheritedFromController()
            .withLabelSelector(ExtractionJobLabels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(VideoJobReconciler::ownerOfPod)
            .build();
    return List.of(jobs, new InformerEventSource<>(podConfig, context));
  }

  @Override
  public UpdateControl<VideoJob> reconcile(VideoJob videoJob, Context<VideoJob> context) {
    if (context.isPrimaryResourceDeleted()) {
      deleteJob(videoJob, context.getClient());
      return UpdateControl.noUpdate();
    }
    if (videoJob.getStatus() == null) {
      videoJob.setStatus(new VideoJobStatus());
    }
    VideoJobStatus status = videoJob.getStatus();
    String before = json(status);
    Phase previous = status.getPhase();

    boolean awaitingResult = false;
    Optional<String> jobName = jobName(videoJob);
    if (jobName.isEmpty()) {
      fail(videoJob, "InvalidSpec", "spec.videoId is not a UUID: " + videoJob.getSpec().videoId());
    } else if (previous == null || !previous.isFinal()) {
      Optional<Job> job = jobs.get(jobId(videoJob, jobName.get()));
      if (job.isPresent() && !ownedBy(job.get(), videoJob)) {
        // A Job left by an earlier VideoJob of the same name: remove it, then start afresh.
        deleteJob(videoJob, context.getClient());
        return UpdateControl.<VideoJob>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
      }
      if (job.isPresent()) {
        awaitingResult =
            !follower.follow(videoJob, job.get(), context.getSecondaryResources(Pod.class));
      } else if (slots.tryTake(videoJob, jobName.get(), informerCaches(), this::hasJob)) {
        // The status is recorded by the next pass, from the Job as the cache shows it: one write
        // per pass, and in a burst every waiting VideoJob gets its Job before any status is
        // patched.
        boolean created = createJob(videoJob, jobName.get(), context.getClient());
        return UpdateControl.<VideoJob>noUpdate()
            .rescheduleAfter(created ? Duration.ZERO : EXISTING_JOB_RECHECK);
      } else {
        status.setPhase(Phase.Queued);
        status.setMessage(
            "waiting for a free slot: at most " + slots.max() + " extractions run at once");
      }
    }
    setConditions(videoJob);
    status.setObservedGeneration(videoJob.getMetadata().getGeneration());
    recordTransition(videoJob, previous);

    boolean publishFailed = false;
    if (status.getPhase() != null
        && status.getPhase().isFinal()
        && status.getPublishedEventId() == null) {
      publishFailed = !outcomes.publish(videoJob);
    }
    UpdateControl<VideoJob> control =
        json(status).equals(before)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(videoJob);
    if (publishFailed) {
      return control.rescheduleAfter(outcomes.retry());
    }
    if (awaitingResult) {
      return control.rescheduleAfter(RESULT_RECHECK);
    }
    if (status.getPhase() == Phase.Queued) {
      // Slots are handed out when Jobs finish or disappear; this is only a safety net.
      return control.rescheduleAfter(QUEUED_RECHECK);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<VideoJob> updateErrorStatus(
      VideoJob videoJob, Context<VideoJob> context, Exception e) {
    log.warn(
        "reconciling VideoJob {}/{} failed (attempt {}): {}",
        videoJob.getMetadata().getNamespace(),
        videoJob.getMetadata().getName(),
        context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0),
        e.toString());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /**
   * Returns true when this call created the Job (the cache has it at once), false when it existed
   * already (the cache gets it from the watch).
   */
  private boolean createJob(VideoJob videoJob, String jobName, KubernetesClient client) {
    try {
      // the Job, then the Secret with its presigned URLs, owned by the Job
      Job created = launcher.launch(videoJob, client);
      jobs.handleRecentResourceCreate(ResourceID.fromResource(created), created);
      jobsCreated.increment();
      events.normal(videoJob, "JobCreated", "created Job " + jobName);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        slots.release(jobName);
        throw e;
      }
      // Created by an earlier run whose status update was lost: follow it, never create twice.
      log.info("Job {} already exists; following it", jobName);
      return false;
    }
  }

  private void fail(VideoJob videoJob, String reason, String message) {
    VideoJobStatus status = videoJob.getStatus();
    status.setPhase(Phase.Failed);
    status.setMessage(message);
    if (status.getCompletionTime() == null) {
      status.setCompletionTime(Instant.now().toString());
    }
    StatusConditions.set(
        status.getConditions(),
        StatusConditions.FAILED,
        true,
        reason,
        message,
        videoJob.getMetadata().getGeneration());
  }

  private void setConditions(VideoJob videoJob) {
    VideoJobStatus status = videoJob.getStatus();
    Long generation = videoJob.getMetadata().getGeneration();
    Phase phase = status.getPhase();
    StatusConditions.set(
        status.getConditions(),
        StatusConditions.READY,
        phase == Phase.Succeeded,
        phase == null ? "Unknown" : phase.name(),
        status.getMessage(),
        generation);
    if (phase != Phase.Failed) {
      StatusConditions.set(
          status.getConditions(),
          StatusConditions.FAILED,
          false,
          phase == null ? "Unknown" : phase.name(),
          "",
          generation);
    }
  }

  private void recordTransition(VideoJob videoJob, Phase previous) {
    VideoJobStatus status = videoJob.getStatus();
    Phase phase = status.getPhase();
    if (phase == previous || phase == null) {
      return;
    }
    switch (phase) {
      case Queued -> events.normal(videoJob, "Queued", status.getMessage());
      case Pending -> {} // JobCreated says it
      case Running -> events.normal(videoJob, "Running", status.getMessage());
      case Succeeded -> events.normal(videoJob, "Succeeded", status.getMessage());
      case Failed -> events.warning(videoJob, "Failed", status.getMessage());
    }
  }

  private void deleteJob(VideoJob videoJob, KubernetesClient client) {
    jobName(videoJob)
        .ifPresent(
            name -> {
              client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(videoJob.getMetadata().getNamespace())
                  .withName(name)
                  .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                  .delete();
              log.info(
                  "deleted Job {}/{} of VideoJob {}",
                  videoJob.getMetadata().getNamespace(),
                  name,
                  videoJob.getMetadata().getName());
            });
  }

  /**
   * A Job event concerns its VideoJob; a Job that stopped holding a slot (finished or deleted) also
   * concerns every VideoJob waiting for one.
   */
  private Set<ResourceID> videoJobsConcernedBy(Job job) {
    Set<ResourceID> ids = new HashSet<>();
    String owner =
        job.getMetadata().getLabels() == null
            ? null
            : job.getMetadata().getLabels().get(ExtractionJobLabels.VIDEO_JOB);
    if (owner != null) {
      ids.add(new ResourceID(owner, job.getMetadata().getNamespace()));
    }
    boolean holdsSlot =
        !JobObservation.isFinished(job)
            && jobs != null
            && jobs.get(ResourceID.fromResource(job)).isPresent();
    if (!holdsSlot && videoJobs != null) {
      videoJobs
          .list(JobSlots::isWaiting)
          .filter(v -> !hasJob(v))
          .map(ResourceID::fromResource)
          .forEach(ids::add);
    }
    return ids;
  }

  private static Set<ResourceID> ownerOfPod(Pod pod) {
    String owner =
        pod.getMetadata().getLabels() == null
            ? null
            : pod.getMetadata().getLabels().get(ExtractionJobLabels.VIDEO_JOB);
    return owner == null
        ? Set.of()
        : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
  }

  private JobSlots.Cache informerCaches() {
    return new JobSlots.Cache() {
      @Override
      public long jobCount() {
        return jobs.keys().count();
      }

      @Override
      public long videoJobCount() {
        return videoJobs.keys().count();
      }

      @Override
      public Map<String, Boolean> jobs() {
        return jobs.list()
            .collect(
                Collectors.toMap(
                    j -> j.getMetadata().getName(), JobObservation::isFinished, (a, b) -> a));
      }

      @Override
      public Collection<VideoJob> videoJobs() {
        return videoJobs.list().toList();
      }
    };
  }

  private boolean hasJob(VideoJob videoJob) {
    return jobName(videoJob).map(n -> jobs.get(jobId(videoJob, n)).isPresent()).orElse(false);
  }

  private static boolean ownedBy(Job job, VideoJob videoJob) {
    List<OwnerReference> owners = job.getMetadata().getOwnerReferences();
    return owners == null
        || owners.isEmpty()
        || owners.stream()
            .anyMatch(o -> Objects.equals(o.getUid(), videoJob.getMetadata().getUid()));
  }

  static Optional<String> jobName(VideoJob videoJob) {
    try {
      return Optional.of(VideoJobNames.job(UUID.fromString(videoJob.getSpec().videoId())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ResourceID jobId(VideoJob videoJob, String jobName) {
    return new ResourceID(jobName, videoJob.getMetadata().getNamespace());
  }

  private static String json(VideoJobStatus status) {
    try {
      return JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
