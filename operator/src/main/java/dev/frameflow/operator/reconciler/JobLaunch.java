package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
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
 * The step for a VideoJob without a Job: take a slot under the concurrency cap (oldest first) and
 * create the Job, or wait as Queued. A Job the API server refuses for good fails the VideoJob.
 */
final class JobLaunch {

  private static final Logger log = LoggerFactory.getLogger(JobLaunch.class);

  private final ExtractionJobLauncher launcher;
  private final JobSlots slots;
  private final SlicingPolicy slicing;
  private final VideoJobEventSources sources;
  private final KubernetesEvents events;
  private final VideoJobMetrics metrics;
  private final Counter jobsCreated;

  JobLaunch(
      ExtractionJobLauncher launcher,
      JobSlots slots,
      SlicingPolicy slicing,
      VideoJobEventSources sources,
      KubernetesEvents events,
      VideoJobMetrics metrics,
      MeterRegistry meters) {
    this.launcher = launcher;
    this.slots = slots;
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
    if (!slots.tryTake(
        videoJob,
        jobName,
        slicing.slicesFor(videoJob, slots.max()),
        v -> slicing.slicesFor(v, slots.max()),
        sources.slotCache(videoJob.getMetadata().getNamespace()),
        sources::hasJob)) {
      return queue(videoJob);
    }
    return create(videoJob, jobName, client, now);
  }

  private StepResult queue(VideoJob videoJob) {
    videoJob.getStatus().setPhase(Phase.Queued);
    videoJob
        .getStatus()
        .setMessage(
            "waiting for a free slot: at most " + slots.max() + " extraction pods run at once");
    // slots are handed out when Jobs finish; this is a safety net
    return new StepResult.Proceed(VideoJobReconciler.QUEUED_RECHECK);
  }

  /**
   * One write per pass: the status is recorded by the next pass, from the Job as the cache shows
   * it, so in a burst every waiting VideoJob gets its Job before any status is patched.
   */
  private StepResult create(
      VideoJob videoJob, String jobName, KubernetesClient client, Instant now) {
    Job job = launcher.builder().build(videoJob, slicing.slicesFor(videoJob, slots.max()));
    try {
      Job created = launcher.launch(job, videoJob, client);
      sources.jobCreated(created);
      jobsCreated.increment();
      metrics.jobCreated(videoJob, now);
      events.normal(videoJob, "JobCreated", "created Job " + jobName);
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
