package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.scheduling.SlotDecision;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step for a VideoJob without a Job: take a slot under the concurrency cap (fair share by
 * owner, {@link JobSlots}) and create the Job, or wait as Queued, saying why and, through the
 * {@link QueueHeartbeat}, where it stands. With admission by Kueue the Job is created at once,
 * suspended, and {@link KueueAdmission} follows it. A Job the API server refuses for good fails the
 * VideoJob.
 */
final class JobLaunch {

  private static final Logger log = LoggerFactory.getLogger(JobLaunch.class);

  private final ExtractionJobLauncher launcher;
  private final JobSlots slots;
  private final QueueHeartbeat heartbeat;
  private final KueueAdmission kueue;
  private final SlicingPolicy slicing;
  private final VideoJobEventSources sources;
  private final KubernetesEvents events;
  private final VideoJobMetrics metrics;
  private final Counter jobsCreated;

  JobLaunch(
      ExtractionJobLauncher launcher,
      JobSlots slots,
      QueueHeartbeat heartbeat,
      KueueAdmission kueue,
      SlicingPolicy slicing,
      VideoJobEventSources sources,
      KubernetesEvents events,
      VideoJobMetrics metrics,
      MeterRegistry meters) {
    this.launcher = launcher;
    this.slots = slots;
    this.heartbeat = heartbeat;
    this.kueue = kueue;
    this.slicing = slicing;
    this.sources = sources;
    this.events = events;
    this.metrics = metrics;
    this.jobsCreated =
        Counter.builder("frameflow.jobs.created")
            .description("extraction Jobs created by this replica")
            .register(meters);
  }

  StepResult launchOrQueue(
      VideoJob videoJob, String jobName, KubernetesClient client, Instant now) {
    if (kueue.byKueue()) {
      // Kueue decides when it runs: the Job is created at once, suspended in its LocalQueue
      return create(videoJob, jobName, client, now);
    }
    SlotDecision decision =
        slots.decide(
            videoJob,
            jobName,
            slicing.slicesFor(videoJob, slots.max()),
            v -> slicing.slicesFor(v, slots.max()),
            sources.slotCache(videoJob.getMetadata().getNamespace()),
            sources::hasJob);
    if (decision instanceof SlotDecision.Wait wait) {
      return queue(videoJob, wait, heartbeat, now);
    }
    heartbeat.admitted(videoJob);
    return create(videoJob, jobName, client, now);
  }

  /**
   * Waits as Queued. The message says why when it starts waiting (the Queued Event carries it) and
   * is not rewritten on later passes: every free slot wakes every waiting VideoJob, and a message
   * that changed each time would patch them all.
   */
  static StepResult queue(
      VideoJob videoJob, SlotDecision.Wait wait, QueueHeartbeat heartbeat, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    if (status.getPhase() != Phase.Queued) {
      status.setPhase(Phase.Queued);
      status.setMessage(wait.reason());
    }
    heartbeat.beatIfDue(videoJob, wait.position(), now);
    // slots are handed out when Jobs finish; this is a safety net, and the heartbeat's clock
    return new StepResult.Proceed(
        StepResult.earliest(VideoJobReconciler.QUEUED_RECHECK, heartbeat.every()));
  }

  /**
   * One write per pass: the status is recorded by the next pass, from the Job as the cache shows
   * it, so in a burst every waiting VideoJob gets its Job before any status is patched.
   */
  private StepResult create(
      VideoJob videoJob, String jobName, KubernetesClient client, Instant now) {
    Job job =
        kueue.prepare(launcher.builder().build(videoJob, slicing.slicesFor(videoJob, slots.max())));
    try {
      Job created = launcher.launch(job, videoJob, client);
      sources.jobCreated(created);
      jobsCreated.increment();
      if (kueue.byKueue()) {
        events.normal(videoJob, "JobCreated", kueue.created(jobName));
      } else {
        metrics.jobCreated(videoJob, now);
        events.normal(videoJob, "JobCreated", admitted(videoJob) + ": created Job " + jobName);
      }
      return new StepResult.EndPass(Duration.ZERO);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // Created by an earlier run whose status update was lost: follow it, never create twice.
        log.info("Job {} already exists; following it", jobName);
        return new StepResult.EndPass(VideoJobReconciler.EXISTING_JOB_RECHECK);
      }
      slots.release(jobName);
      Optional<String> refused = refusal(e, jobName);
      if (refused.isEmpty()) {
        throw e;
      }
      StatusRecorder.fail(videoJob, "JobRefused", refused.get());
      return StepResult.proceed();
    }
  }

  /** "admitted", with how long it waited when it did. */
  static String admitted(VideoJob videoJob) {
    String since = videoJob.getMetadata().getCreationTimestamp();
    if (videoJob.getStatus().getPhase() != Phase.Queued || since == null) {
      return "admitted";
    }
    long waited = Duration.between(Instant.parse(since), Instant.now()).toSeconds();
    return "admitted after waiting " + Math.max(0, waited) + " s";
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
    return Optional.of(
        StatusRecorder.oneLine("the API server refused Job " + jobName + ": " + why));
  }
}
