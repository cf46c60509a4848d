package dev.frameflow.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.outcome.OutcomeEvents;
import dev.frameflow.operator.outcome.OutcomeSender;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.podapi.AccessEndpoint;
import dev.frameflow.operator.podapi.ProgressBoard;
import dev.frameflow.operator.podapi.ProgressEndpoint;
import dev.frameflow.operator.slicing.SliceAssembly;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobStatus;
import dev.frameflow.videojob.VideoJobValidator;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-based and idempotent. Every pass reads as observe → decide → act → record:
 *
 * <ul>
 *   <li><b>observe</b>: the VideoJob, its Job and pods from the informer caches ({@link
 *       VideoJobEventSources}), the progress its pod reported ({@link ProgressBoard});
 *   <li><b>decide and act</b>: no Job yet → measure the source first where slices need its duration
 *       ({@link SourceProbing}), then take a slot under the concurrency cap (oldest first) and
 *       create the Job, or wait as Queued; a Job → follow it ({@link JobFollower}), record progress
 *       when due ({@link ProgressRecording}) and publish it as {@code PROCESSING}; a final phase →
 *       hand the outcome to the sender ({@link OutcomePublication}), and once it is published and
 *       {@code spec.ttlSecondsAfterFinished} has passed, delete the VideoJob;
 *   <li><b>record</b>: one status patch when anything changed (a pass that creates a Job writes
 *       nothing else: the next pass records the Job as the cache shows it).
 * </ul>
 *
 * A deleted VideoJob gets its Job deleted, and if its outcome was never published, one is: the
 * video must not wait forever. The spec is immutable (the CRD's CEL rule); {@code
 * SpecChangeIgnored} still reports a spec changed where that rule is not enforced.
 */
public class VideoJobReconciler implements Reconciler<VideoJob>, AutoCloseable {

  static final Duration QUEUED_RECHECK = Duration.ofSeconds(30);
  static final Duration RESULT_RECHECK = Duration.ofSeconds(1);
  static final Duration EXISTING_JOB_RECHECK = Duration.ofSeconds(1);
  static final Duration DEFAULT_FINISHED_TTL = Duration.ofHours(24);
  private static final Logger log = LoggerFactory.getLogger(VideoJobReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExtractionJobLauncher launcher;
  private final OutcomeSender sender;
  private final OutcomePublication outcomes;
  private final JobFollower follower;
  private final KubernetesEvents events;
  private final JobSlots slots;
  private final SourceProbing probing;
  private final Duration finishedTtl;
  private final ProgressEndpoint progress;
  private final VideoJobEventSources sources = new VideoJobEventSources();
  private final VideoJobMetrics metrics;
  private final Counter jobsCreated;
  private volatile SlicedJobFollower sliced = new SlicedJobFollower(null);
  private volatile SlicingPolicy slicing = SlicingPolicy.SPEC_ONLY;
  private volatile AccessEndpoint access;

  public VideoJobReconciler(
      ExtractionJobLauncher launcher,
      StatusPublisher publisher,
      KubernetesEvents events,
      int maxConcurrentJobs,
      Duration publishRetry,
      MeterRegistry meters) {
    this(
        launcher,
        new OutcomeSender(publisher, publishRetry, publishRetry.multipliedBy(60)),
        events,
        maxConcurrentJobs,
        DEFAULT_FINISHED_TTL,
        null,
        meters);
  }

  /**
   * @param progress where pods report progress; null: no live progress (PROCESSING at 0 % only)
   */
  public VideoJobReconciler(
      ExtractionJobLauncher launcher,
      OutcomeSender sender,
      KubernetesEvents events,
      int maxConcurrentJobs,
      Duration finishedTtl,
      ProgressEndpoint progress,
      MeterRegistry meters) {
    this.jobsCreated =
        Counter.builder("frameflow.jobs.created")
            .description("extraction Jobs created by this replica")
            .register(meters);
    this.launcher = launcher;
    this.sender = sender;
    this.outcomes = new OutcomePublication(sender, events, Duration.ofSeconds(30), meters);
    this.follower = new JobFollower(events);
    this.events = events;
    this.slots = new JobSlots(maxConcurrentJobs);
    this.probing = new SourceProbing(launcher, slots, sources, events);
    this.finishedTtl = finishedTtl;
    this.progress = progress;
    this.metrics = new VideoJobMetrics(meters, sources);
  }

  /**
   * Lets pods get their URLs from {@code access} (at {@link AccessGrant#PATH} on the pod-facing
   * endpoint), answered from this reconciler's caches while it leads.
   */
  public VideoJobReconciler grantAccessWith(AccessEndpoint access) {
    this.access = access;
    if (progress != null) {
      progress.route(AccessGrant.PATH, access);
    }
    return this;
  }

  /** Lets this reconciler finish sliced videos (the ZIP's final step needs the S3 client). */
  public VideoJobReconciler assembleSlicesWith(SliceAssembly assembly) {
    this.sliced = new SlicedJobFollower(assembly);
    return this;
  }

  /**
   * How this operator plans slices: the slice length and the default parallelism of VideoJobs whose
   * spec gives none (above 1, a VideoJob without a duration is probed first).
   */
  public VideoJobReconciler sliceWith(SlicingPolicy policy) {
    this.slicing = policy;
    return this;
  }

  /** Stops the background work (Events, publishing, the progress endpoint). */
  @Override
  public void close() {
    if (progress != null) {
      progress.close();
    }
    sender.close();
    events.close();
  }

  @Override
  public List<EventSource<?, VideoJob>> prepareEventSources(EventSourceContext<VideoJob> context) {
    List<EventSource<?, VideoJob>> list = sources.prepare(context);
    if (access != null) {
      access.serve(sources.accessCluster(context.getClient()));
    }
    if (progress != null) {
      progress.serve(
          new ProgressEndpoint.VideoJobs() {
            @Override
            public Optional<String> uidOf(String namespace, String name) {
              return sources.cached(namespace, name).map(v -> v.getMetadata().getUid());
            }

            @Override
            public void reported(String namespace, String name) {
              sources.trigger(new ResourceID(name, namespace));
            }
          });
    }
    return list;
  }

  @Override
  public UpdateControl<VideoJob> reconcile(VideoJob videoJob, Context<VideoJob> context) {
    if (context.isPrimaryResourceDeleted()) {
      onDeleted(videoJob, context.getClient());
      return UpdateControl.noUpdate();
    }
    if (isSettled(videoJob)) {
      // finished and published: only its retention is left, decided without serialising the
      // status (after a restart, every kept VideoJob passes here once)
      Duration left = retentionLeft(videoJob, Instant.now());
      if (left.isZero()) {
        deleteFinished(videoJob, context.getClient());
        return UpdateControl.noUpdate();
      }
      return UpdateControl.<VideoJob>noUpdate().rescheduleAfter(left);
    }
    if (videoJob.getStatus() == null) {
      videoJob.setStatus(new VideoJobStatus());
    }
    VideoJobStatus status = videoJob.getStatus();
    String before = json(status);
    Phase previous = status.getPhase();
    Instant now = Instant.now();
    Duration next = null;

    // observe
    Optional<String> jobName = jobName(videoJob);
    Optional<Job> job = jobName.flatMap(n -> sources.job(videoJob, n));
    Set<Pod> pods = context.getSecondaryResources(Pod.class);

    // decide and act
    List<Violation> invalid = VideoJobValidator.check(videoJob.getSpec());
    if (!invalid.isEmpty()) { // the names derive from videoId: jobName is there when it is valid
      fail(
          videoJob,
          "InvalidSpec",
          oneLine(invalid.stream().map(Violation::toString).collect(Collectors.joining("; "))));
    } else if (previous == null || !previous.isFinal()) {
      if (job.isPresent() && !ownedBy(job.get(), videoJob)) {
        // A Job left by an earlier VideoJob of the same name: remove it, then start afresh.
        deleteJob(videoJob, context.getClient());
        return UpdateControl.<VideoJob>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
      }
      if (job.isPresent()) {
        // level-based cleanup: a probe whose deletion was lost (or never ran) goes now
        probing.deleteLeftover(videoJob, context.getClient());
        if (!follower.follow(videoJob, job.get(), SourceProbing.podsOf(pods, jobName.get()))) {
          next = RESULT_RECHECK;
        } else if (SlicedJobs.isSliced(job.get())) {
          next = earliest(next, sliced.follow(videoJob, job.get()));
        }
        next = earliest(next, recordProgress(videoJob, job.get(), now));
      } else if (slicing.needsProbe(videoJob, slots.max())) {
        // may be sliced, duration unknown: measure it with the probe Job first
        SourceProbing.Step step = probing.step(videoJob, pods, context.getClient(), slicing, now);
        if (step instanceof SourceProbing.Created) {
          return UpdateControl.<VideoJob>noUpdate().rescheduleAfter(EXISTING_JOB_RECHECK);
        } else if (step instanceof SourceProbing.Recheck recheck) {
          next = recheck.after();
        } else if (step instanceof SourceProbing.Failed failed) {
          fail(videoJob, failed.reason(), failed.message());
        }
      } else if (slots.tryTake(
          videoJob,
          jobName.get(),
          slicing.slicesFor(videoJob, slots.max()),
          v -> slicing.slicesFor(v, slots.max()),
          sources.slotCache(videoJob.getMetadata().getNamespace()),
          sources::hasJob)) {
        // One write per pass: the status is recorded by the next pass, from the Job as the cache
        // shows it, so in a burst every waiting VideoJob gets its Job before any status is patched.
        Optional<Boolean> created = createJob(videoJob, jobName.get(), context.getClient(), now);
        if (created.isPresent()) {
          return UpdateControl.<VideoJob>noUpdate()
              .rescheduleAfter(created.get() ? Duration.ZERO : EXISTING_JOB_RECHECK);
        }
        // refused for good: createJob recorded the failure
      } else {
        status.setPhase(Phase.Queued);
        status.setMessage(
            "waiting for a free slot: at most " + slots.max() + " extraction pods run at once");
        next = QUEUED_RECHECK; // slots are handed out when Jobs finish; this is a safety net
      }
    }
    setConditions(videoJob);
    status.setObservedGeneration(videoJob.getMetadata().getGeneration());
    recordTransition(videoJob, previous);

    if (status.getPhase() != null && status.getPhase().isFinal()) {
      if (progress != null) {
        progress.board().forget(videoJob.getMetadata().getUid());
      }
      if (status.getPublishedEventId() == null) {
        ResourceID id = ResourceID.fromResource(videoJob);
        boolean confirmed =
            outcomes.publish(
                videoJob,
                () -> {
                  metrics.outcomePublished(videoJob, Instant.now());
                  sources.trigger(id);
                });
        if (!confirmed) {
          next = earliest(next, outcomes.recheck());
        }
      }
      if (status.getPublishedEventId() != null) {
        Duration left = retentionLeft(videoJob, now);
        if (left.isZero() && json(status).equals(before)) {
          deleteFinished(videoJob, context.getClient());
          return UpdateControl.noUpdate();
        }
        next = earliest(next, left.isZero() ? Duration.ofSeconds(1) : left);
      }
    }

    // record
    UpdateControl<VideoJob> control =
        json(status).equals(before)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(videoJob);
    return next == null ? control : control.rescheduleAfter(next);
  }

  /**
   * The failed pass is written into the status, so that {@code kubectl get vj -o wide} shows why
   * (RBAC, quota, an API server refusing): condition {@code ReconcileError} with the HTTP code or
   * exception as reason. The retry continues as configured.
   */
  @Override
  public ErrorStatusUpdateControl<VideoJob> updateErrorStatus(
      VideoJob videoJob, Context<VideoJob> context, Exception e) {
    int attempt = context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0);
    log.warn(
        "reconciling VideoJob {}/{} failed (attempt {}): {}",
        videoJob.getMetadata().getNamespace(),
        videoJob.getMetadata().getName(),
        attempt,
        e.toString());
    if (e instanceof KubernetesClientException gone
        && gone.getCode() == HttpURLConnection.HTTP_NOT_FOUND
        && String.valueOf(gone.getMessage())
            .contains("/videojobs/" + videoJob.getMetadata().getName())) {
      // The VideoJob itself is gone (its status patch found nothing): it was deleted while this
      // pass ran, and that deletion's own event may not reach us. Clean up as for a deletion.
      onDeleted(videoJob, context.getClient());
      return ErrorStatusUpdateControl.<VideoJob>noStatusUpdate().withNoRetry();
    }
    if (videoJob.getStatus() == null) {
      videoJob.setStatus(new VideoJobStatus());
    }
    String reason =
        e instanceof KubernetesClientException k && k.getCode() > 0
            ? "ApiServer" + k.getCode()
            : e.getClass().getSimpleName();
    String message = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    StatusConditions.set(
        videoJob.getStatus().getConditions(),
        StatusConditions.RECONCILE_ERROR,
        true,
        reason,
        message,
        videoJob.getMetadata().getGeneration());
    videoJob.getStatus().setMessage("reconcile failed (attempt " + attempt + "): " + message);
    return ErrorStatusUpdateControl.patchStatus(videoJob);
  }

  /** Records and publishes the pod's progress when it is due; returns when to look again. */
  private Duration recordProgress(VideoJob videoJob, Job job, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    if (status.getPhase() != Phase.Running) {
      return null;
    }
    // a sliced video's indexes do not report: its progress is the share of slices done
    Optional<ProgressBoard.Reported> report =
        progress == null || SlicedJobs.isSliced(job)
            ? Optional.empty()
            : progress.board().latest(videoJob.getMetadata().getUid());
    Integer reported =
        SlicedJobs.isSliced(job)
            ? Integer.valueOf(SlicedJobFollower.percentDone(job))
            : report.map(ProgressBoard.Reported::percent).orElse(null);
    if (status.getProgressPercent() == null && reported == null) {
      reported = 0; // running: PROCESSING at once, before the first report
    }
    ProgressRecording.Decision decision =
        ProgressRecording.decide(
            status.getProgressPercent(), status.getProgressTime(), reported, now);
    if (decision instanceof ProgressRecording.Record record) {
      status.setProgressPercent(record.percent());
      status.setProgressTime(now.toString());
      // frames ride along with the percent: same rate limit, same status patch
      Integer frames = report.map(ProgressBoard.Reported::framesWritten).orElse(null);
      if (frames != null
          && (status.getFramesWritten() == null || frames > status.getFramesWritten())) {
        status.setFramesWritten(frames);
      }
      outcomes.progress(
          OutcomeEvents.progress(videoJob, record.percent(), status.getFramesWritten(), now));
      return null;
    }
    return decision instanceof ProgressRecording.Later later ? later.after() : null;
  }

  /**
   * Returns true when this call created the Job, false when it existed already (the cache gets it
   * from the watch), empty when the API server refused it for good (recorded as Failed).
   */
  private Optional<Boolean> createJob(
      VideoJob videoJob, String jobName, KubernetesClient client, Instant now) {
    Job job = launcher.builder().build(videoJob, slicing.slicesFor(videoJob, slots.max()));
    try {
      Job created = launcher.launch(job, videoJob, client);
      sources.jobCreated(created);
      jobsCreated.increment();
      metrics.jobCreated(videoJob, now);
      events.normal(videoJob, "JobCreated", "created Job " + jobName);
      return Optional.of(true);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // Created by an earlier run whose status update was lost: follow it, never create twice.
        log.info("Job {} already exists; following it", jobName);
        return Optional.of(false);
      }
      slots.release(jobName);
      Optional<String> refused = refusal(e, jobName);
      if (refused.isPresent()) {
        fail(videoJob, "JobRefused", refused.get());
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The API server's own words when it refused Job {@code jobName} for good: RBAC, a quota or
   * admission (403, 422, 400) refuse again on every retry, so the video fails instead of waiting
   * forever. Empty for anything a retry may get past.
   */
  static Optional<String> refusal(KubernetesClientException e, String jobName) {
    if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN
        && e.getCode() != 422
        && e.getCode() != HttpURLConnection.HTTP_BAD_REQUEST) {
      return Optional.empty();
    }
    String why =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return Optional.of(oneLine("the API server refused Job " + jobName + ": " + why));
  }

  private static boolean cancelTombstoneFor(VideoJob videoJob, KubernetesClient client) {
    try {
      return dev.frameflow.operator.bridge.CancelTombstones.recorded(
          client,
          videoJob.getMetadata().getNamespace(),
          java.util.UUID.fromString(videoJob.getSpec().videoId()));
    } catch (RuntimeException e) {
      // cannot tell: publish FAILED, which the api-gateway ignores for a CANCELLED video
      return false;
    }
  }

  private void onDeleted(VideoJob videoJob, KubernetesClient client) {
    deleteJob(videoJob, client);
    probing.delete(videoJob, client);
    if (progress != null) {
      progress.board().forget(videoJob.getMetadata().getUid());
    }
    VideoJobStatus status = videoJob.getStatus();
    if (status != null && status.getPublishedEventId() != null) {
      return;
    }
    var annotations = videoJob.getMetadata().getAnnotations();
    if (jobName(videoJob).isEmpty()
        || (annotations != null && "true".equals(annotations.get(MetadataKeys.CANCELLED)))) {
      return; // a cancel: the api-gateway has the video CANCELLED already
    }
    if (cancelTombstoneFor(videoJob, client)) {
      return; // a cancel whose mark the deleted object predates
    }
    // deleted by hand (or cancelled) before its outcome was out: tell the api-gateway, which
    // keeps a cancelled video CANCELLED and fails any other
    boolean finished =
        status != null
            && status.getPhase() != null
            && status.getPhase().isFinal()
            && status.getCompletionTime() != null;
    outcomes.publishWithoutRecord(
        finished
            ? OutcomeEvents.of(videoJob)
            : OutcomeEvents.deletedBeforeFinishing(videoJob, Instant.now()));
  }

  /**
   * Deletes the settled VideoJobs whose TTL has passed, from the cache's index of final phases:
   * those this process never reconciled (settled before it started, see {@link #isSettled}) are
   * only ever seen here. Returns how many it deleted.
   */
  public int sweepFinished(KubernetesClient client) {
    if (!sources.ready()) {
      return 0;
    }
    Instant now = Instant.now();
    int deleted = 0;
    for (VideoJob videoJob : sources.finished()) {
      if (isSettled(videoJob) && retentionLeft(videoJob, now).isZero()) {
        deleteFinished(videoJob, client);
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * Finished, outcome published, status up to date with the spec: nothing left to do but wait for
   * the TTL. The operator does not reconcile such a VideoJob when it first sees it (a restart with
   * many kept VideoJobs would queue them all ahead of the new ones); {@link #sweepFinished} deletes
   * it when its time comes.
   */
  public static boolean isSettled(VideoJob videoJob) {
    VideoJobStatus status = videoJob.getStatus();
    return status != null
        && status.getPhase() != null
        && status.getPhase().isFinal()
        && status.getPublishedEventId() != null
        && Objects.equals(status.getObservedGeneration(), videoJob.getMetadata().getGeneration());
  }

  private Duration retentionLeft(VideoJob videoJob, Instant now) {
    Long ttl = videoJob.getSpec().ttlSecondsAfterFinished();
    Duration keep = ttl != null ? Duration.ofSeconds(ttl) : finishedTtl;
    String completed = videoJob.getStatus().getCompletionTime();
    Instant since;
    try {
      since = completed == null ? now : Instant.parse(completed);
    } catch (java.time.format.DateTimeParseException e) {
      since = now;
    }
    Duration left = Duration.between(now, since.plus(keep));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void deleteFinished(VideoJob videoJob, KubernetesClient client) {
    client
        .resources(VideoJob.class)
        .inNamespace(videoJob.getMetadata().getNamespace())
        .withName(videoJob.getMetadata().getName())
        .delete();
    log.info(
        "deleted finished VideoJob {}/{} after its TTL",
        videoJob.getMetadata().getNamespace(),
        videoJob.getMetadata().getName());
  }

  private static Duration earliest(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  static String oneLine(String text) {
    String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return line.length() > 1000 ? line.substring(0, 1000) : line;
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

  static boolean ownedBy(Job job, VideoJob videoJob) {
    List<OwnerReference> owners = job.getMetadata().getOwnerReferences();
    return owners == null
        || owners.isEmpty()
        || owners.stream()
            .anyMatch(o -> Objects.equals(o.getUid(), videoJob.getMetadata().getUid()));
  }

  static Optional<String> jobName(VideoJob videoJob) {
    return VideoJobValidator.videoId(videoJob.getSpec()).map(VideoJobNames::job);
  }

  private static String json(VideoJobStatus status) {
    try {
      return JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
