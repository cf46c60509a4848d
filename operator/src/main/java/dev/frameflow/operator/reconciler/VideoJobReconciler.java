package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.contracts.scheduling.RecentRunTimes;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.job.JobAdmission;
import dev.frameflow.operator.outcome.OutcomeSender;
import dev.frameflow.operator.podapi.AccessEndpoint;
import dev.frameflow.operator.podapi.ProgressEndpoint;
import dev.frameflow.operator.slicing.SliceAssembly;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.operator.tracing.SliceSpans;
import dev.frameflow.operator.tracing.VideoSpan;
import dev.frameflow.operator.tracing.VideoTraces;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobValidator;
import io.fabric8.kubernetes.api.model.OwnerReference;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Level-based and idempotent. Every pass reads as observe → act → record:
 *
 * <ol>
 *   <li><b>observe</b> ({@link VideoJobObserver}): the VideoJob, its Job and pods from the informer
 *       caches ({@link VideoJobEventSources}), said as one {@link VideoJobObservation};
 *   <li><b>act</b>, one step per observation: a deleted VideoJob is cleaned up ({@link
 *       DeletedVideoJobs}); a settled one waits for its retention ({@link Retention}); an invalid
 *       spec fails; a Job left by an earlier VideoJob of the same name is deleted; a Job is
 *       followed ({@link JobFollower}, {@link SlicedJobFollower}, {@link ProgressPublishing}); a
 *       source whose duration the slices need is measured first ({@link SourceProbing}); otherwise
 *       the Job is launched under the concurrency cap, or the VideoJob waits as Queued ({@link
 *       JobLaunch}); with admission by Kueue the Job is created suspended at once, and its VideoJob
 *       waits as Queued while it stays suspended ({@link KueueAdmission});
 *   <li><b>record</b> ({@link StatusRecorder}): conditions and the phase's Event, then, for a final
 *       phase, the outcome and retention ({@link FinishedVideoJobs}), and one status patch when
 *       anything changed. A pass that writes to the API server otherwise (creates or deletes a Job)
 *       writes nothing else: the next pass records what the caches then show.
 * </ol>
 *
 * The spec is immutable (the CRD's CEL rule); {@code SpecChangeIgnored} still reports a spec
 * changed where that rule is not enforced. The servers it answers from its caches (the pod-facing
 * endpoint's access and progress routes) and the senders it uses are started and stopped by whoever
 * built them (Spring), not here.
 */
public class VideoJobReconciler implements Reconciler<VideoJob> {

  static final Duration QUEUED_RECHECK = Duration.ofSeconds(30);
  static final Duration RESULT_RECHECK = Duration.ofSeconds(1);
  static final Duration EXISTING_JOB_RECHECK = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(VideoJobReconciler.class);
  private static final String LOG_VIDEO_ID = "video_id";

  /**
   * How this operator paces and keeps VideoJobs.
   *
   * @param finishedTtl how long a finished VideoJob stays when its spec says nothing
   * @param slicing the slice length and default parallelism (above 1, a VideoJob without a duration
   *     is probed first)
   * @param assemblyDeadline how long after its Job completed a sliced video's ZIP may still fail to
   *     assemble (storage trouble) before the VideoJob fails
   * @param fairShare the cap (extraction pods at once; the other VideoJobs wait as Queued) and how
   *     its slots are shared between owners
   * @param queueHeartbeat how often a waiting VideoJob publishes {@code video.status QUEUED}
   * @param admission who admits the Jobs: the cap and fair share above, or Kueue (then the Jobs are
   *     created suspended in its LocalQueue, and the cap bounds only a sliced Job's parallelism)
   */
  public record Settings(
      Duration finishedTtl,
      SlicingPolicy slicing,
      Duration assemblyDeadline,
      FairShare fairShare,
      Duration queueHeartbeat,
      JobAdmission admission) {

    /** Admitted by the operator's own cap and fair share. */
    public Settings(
        Duration finishedTtl,
        SlicingPolicy slicing,
        Duration assemblyDeadline,
        FairShare fairShare,
        Duration queueHeartbeat) {
      this(
          finishedTtl, slicing, assemblyDeadline, fairShare, queueHeartbeat, JobAdmission.BUILT_IN);
    }

    /** With the default assembly deadline, 30 minutes. */
    public Settings(int maxConcurrentJobs, Duration finishedTtl, SlicingPolicy slicing) {
      this(maxConcurrentJobs, finishedTtl, slicing, DEFAULT_ASSEMBLY_DEADLINE);
    }

    /** The cap alone, shared fairly between owners with equal weights, no ceiling. */
    public Settings(
        int maxConcurrentJobs,
        Duration finishedTtl,
        SlicingPolicy slicing,
        Duration assemblyDeadline) {
      this(
          finishedTtl,
          slicing,
          assemblyDeadline,
          new FairShare(maxConcurrentJobs),
          DEFAULT_QUEUE_HEARTBEAT);
    }

    public int maxConcurrentJobs() {
      return fairShare.cap();
    }
  }

  static final Duration DEFAULT_ASSEMBLY_DEADLINE = Duration.ofMinutes(30);
  static final Duration DEFAULT_QUEUE_HEARTBEAT = Duration.ofMinutes(10);

  /** The estimated start of a waiting VideoJob averages this many latest run times. */
  static final int RUN_TIMES_KEPT = 50;

  private final VideoJobEventSources sources = new VideoJobEventSources();
  private final ProgressEndpoint progress;
  private final AccessEndpoint access;
  private final VideoJobObserver observer;
  private final StatusRecorder recorder;
  private final JobFollower follower;
  private final SlicedJobFollower sliced;
  private final ProgressPublishing progressPublishing;
  private final SourceProbing probing;
  private final JobLaunch launch;
  private final KueueAdmission kueue;
  private final QueueHeartbeat heartbeat;
  private final Retention retention;
  private final FinishedVideoJobs finished;
  private final DeletedVideoJobs deleted;
  private final VideoTraces traces;
  private final SliceSpans slices;

  /**
   * @param progress the pod-facing endpoint: pods report progress there, answered from this
   *     reconciler's caches while it leads
   * @param access the endpoint's access route, where pods get their URLs, likewise
   * @param assembly the final step of a sliced video's ZIP
   */
  public VideoJobReconciler(
      ExtractionJobLauncher launcher,
      OutcomeSender sender,
      KubernetesEvents events,
      ProgressEndpoint progress,
      AccessEndpoint access,
      SliceAssembly assembly,
      Settings settings,
      MeterRegistry meters) {
    this(
        launcher, sender, events, progress, access, assembly, settings, meters, VideoTraces.none());
  }

  /**
   * @param traces where the spans of the passes that act go, in each video's trace (the VideoJob's
   *     {@code frameflow.dev/traceparent} annotation)
   */
  public VideoJobReconciler(
      ExtractionJobLauncher launcher,
      OutcomeSender sender,
      KubernetesEvents events,
      ProgressEndpoint progress,
      AccessEndpoint access,
      SliceAssembly assembly,
      Settings settings,
      MeterRegistry meters,
      VideoTraces traces) {
    this.traces = traces;
    this.slices = new SliceSpans(traces, ExtractionJobBuilder.CONTAINER);
    JobSlots slots = new JobSlots(settings.fairShare());
    VideoJobMetrics metrics = new VideoJobMetrics(meters, sources);
    OutcomePublication outcomes =
        new OutcomePublication(sender, events, Duration.ofSeconds(30), meters);
    this.progress = progress;
    this.access = access;
    this.observer = new VideoJobObserver(sources, settings.slicing(), slots.max());
    this.recorder = new StatusRecorder(events);
    this.follower = new JobFollower(events);
    this.sliced = new SlicedJobFollower(assembly, settings.assemblyDeadline());
    this.progressPublishing = new ProgressPublishing(progress.board(), outcomes);
    RecentRunTimes runTimes = new RecentRunTimes(RUN_TIMES_KEPT);
    this.heartbeat = new QueueHeartbeat(outcomes, settings.queueHeartbeat(), runTimes, slots.max());
    this.kueue = new KueueAdmission(settings.admission(), events, heartbeat, metrics);
    this.probing =
        new SourceProbing(
            launcher, slots, heartbeat, kueue, sources, events, settings.slicing(), traces);
    this.launch =
        new JobLaunch(
            launcher,
            slots,
            heartbeat,
            kueue,
            settings.slicing(),
            sources,
            events,
            metrics,
            meters);
    this.retention = new Retention(settings.finishedTtl(), sources);
    this.finished =
        new FinishedVideoJobs(outcomes, retention, progress.board(), metrics, sources, runTimes);
    this.deleted =
        new DeletedVideoJobs(
            probing,
            progress.board(),
            outcomes,
            slots,
            assembly == null ? null : assembly.leftovers());
  }

  @Override
  public List<EventSource<?, VideoJob>> prepareEventSources(EventSourceContext<VideoJob> context) {
    List<EventSource<?, VideoJob>> list = sources.prepare(context);
    access.serve(sources.accessCluster(context.getClient()));
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
    return list;
  }

  @Override
  public UpdateControl<VideoJob> reconcile(VideoJob videoJob, Context<VideoJob> context) {
    // every line of the pass names its video (a JSON field), whether or not the pass is traced
    try (MDC.MDCCloseable video = MDC.putCloseable(LOG_VIDEO_ID, videoId(videoJob))) {
      return traced(videoJob, context.getClient(), observer.observe(videoJob, context));
    }
  }

  /**
   * A pass that acts is a span of the video's trace: one that launches, probes, fails or cleans up
   * from the start (the Job it creates gets that span's context), one that follows a Job only when
   * the phase changed or an outcome is due (begun at the pass's start); an idle pass is no span.
   */
  private UpdateControl<VideoJob> traced(
      VideoJob videoJob, KubernetesClient client, VideoJobObservation seen) {
    if (seen instanceof VideoJobObservation.Settled) {
      return retention.deleteOrWait(videoJob, client);
    }
    VideoSpan span =
        seen instanceof VideoJobObservation.JobFound ? null : span(videoJob, seen, null);
    try {
      if (seen instanceof VideoJobObservation.Deleted) {
        slices.forget(videoJob.getMetadata().getUid());
        deleted.cleanUp(videoJob, client);
        return UpdateControl.noUpdate();
      }
      StatusRecorder.Pass pass = recorder.begin(videoJob);
      StepResult acted = act(seen, videoJob, client, pass.now());
      if (span == null && acted(pass)) {
        span = span(videoJob, seen, pass.now());
      }
      return recordPass(pass, acted, client);
    } catch (RuntimeException e) {
      if (span != null) {
        span.failed(e);
      }
      throw e;
    } finally {
      if (span != null) {
        span.close();
      }
    }
  }

  private UpdateControl<VideoJob> recordPass(
      StatusRecorder.Pass pass, StepResult acted, KubernetesClient client) {
    if (acted instanceof StepResult.EndPass end) {
      return end.control();
    }
    recorder.settle(pass);
    StepResult afterwards = finished.publishAndRetain(pass, client);
    if (afterwards instanceof StepResult.EndPass end) {
      return end.control();
    }
    return recorder.record(
        pass,
        StepResult.earliest(
            ((StepResult.Proceed) acted).recheck(), ((StepResult.Proceed) afterwards).recheck()));
  }

  /** Following a Job acted when the phase changed or the outcome is still to be published. */
  private static boolean acted(StatusRecorder.Pass pass) {
    return pass.status().getPhase() != pass.previous()
        || (pass.isFinal() && pass.status().getPublishedEventId() == null);
  }

  private VideoSpan span(VideoJob videoJob, VideoJobObservation seen, Instant startedAt) {
    return traces.start(
        "reconcile: " + spanName(seen),
        VideoTraces.fromAnnotations(videoJob.getMetadata().getAnnotations()),
        videoId(videoJob),
        SpanKind.INTERNAL,
        startedAt);
  }

  /** What the pass does, as its span is named. */
  static String spanName(VideoJobObservation seen) {
    if (seen instanceof VideoJobObservation.JobMissing) {
      return "launch";
    }
    if (seen instanceof VideoJobObservation.JobFound) {
      return "follow job";
    }
    if (seen instanceof VideoJobObservation.ProbeNeeded) {
      return "measure source";
    }
    if (seen instanceof VideoJobObservation.Finished) {
      return "outcome";
    }
    if (seen instanceof VideoJobObservation.Deleted) {
      return "clean up";
    }
    if (seen instanceof VideoJobObservation.InvalidSpec) {
      return "invalid spec";
    }
    return "replace foreign job";
  }

  private static String videoId(VideoJob videoJob) {
    return videoJob.getSpec() == null ? null : videoJob.getSpec().videoId();
  }

  /** The one step that answers what was observed. */
  private StepResult act(
      VideoJobObservation seen, VideoJob videoJob, KubernetesClient client, Instant now) {
    if (seen instanceof VideoJobObservation.InvalidSpec invalid) {
      StatusRecorder.fail(videoJob, "InvalidSpec", invalid.message());
      return StepResult.proceed();
    }
    if (seen instanceof VideoJobObservation.ForeignJob) {
      // remove it, then start afresh
      DeletedVideoJobs.deleteJob(videoJob, client);
      return new StepResult.EndPass(Duration.ofSeconds(1));
    }
    if (seen instanceof VideoJobObservation.JobFound found) {
      return followJob(videoJob, found, client, now);
    }
    if (seen instanceof VideoJobObservation.ProbeNeeded probe) {
      return probing.step(videoJob, probe.pods(), client, now);
    }
    if (seen instanceof VideoJobObservation.JobMissing missing) {
      return launch.launchOrQueue(videoJob, missing.jobName(), client, now);
    }
    return StepResult.proceed(); // Finished: only its outcome and retention are left
  }

  /** Records what the Job and its pods show, the slices' state, and the progress when due. */
  private StepResult followJob(
      VideoJob videoJob, VideoJobObservation.JobFound found, KubernetesClient client, Instant now) {
    // level-based cleanup: a probe whose deletion was lost (or never ran) goes now
    probing.deleteLeftover(videoJob, client);
    if (KueueAdmission.waiting(found.job())) {
      return kueue.waitFor(videoJob, found.job(), now);
    }
    kueue.noteAdmission(videoJob, found.job(), now);
    heartbeat.ranOutOfTheQueue(videoJob, now);
    Duration next = null;
    if (SlicedJobs.isSliced(found.job())) {
      // records the slices that ended and lists them in the status this pass patches
      slices.observe(
          videoJob,
          VideoTraces.fromAnnotations(videoJob.getMetadata().getAnnotations()),
          found.job(),
          found.pods());
    }
    if (!follower.follow(videoJob, found.job(), found.pods())) {
      next = RESULT_RECHECK;
    } else if (SlicedJobs.isSliced(found.job())) {
      next = sliced.follow(videoJob, found.job(), now);
    }
    return new StepResult.Proceed(
        StepResult.earliest(next, progressPublishing.recordIfDue(videoJob, found.job(), now)));
  }

  /**
   * The failed pass is written into the status ({@link StatusRecorder#recordError}); the retry
   * continues as configured.
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
    if (isOwnNotFound(videoJob, e)) {
      // The VideoJob itself is gone (its status patch found nothing): it was deleted while this
      // pass ran, and that deletion's own event may not reach us. Clean up as for a deletion.
      deleted.cleanUp(videoJob, context.getClient());
      return ErrorStatusUpdateControl.<VideoJob>noStatusUpdate().withNoRetry();
    }
    return recorder.recordError(videoJob, attempt, e);
  }

  private static boolean isOwnNotFound(VideoJob videoJob, Exception e) {
    return e instanceof KubernetesClientException gone
        && gone.getCode() == HttpURLConnection.HTTP_NOT_FOUND
        && String.valueOf(gone.getMessage())
            .contains("/videojobs/" + videoJob.getMetadata().getName());
  }

  /**
   * Deletes the settled VideoJobs whose TTL has passed ({@link Retention#sweep}); returns how many.
   */
  public int sweepFinished(KubernetesClient client) {
    return retention.sweep(client);
  }

  /** Finished, published and current: not reconciled when first seen ({@link Retention}). */
  public static boolean isSettled(VideoJob videoJob) {
    return Retention.isSettled(videoJob);
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
}
