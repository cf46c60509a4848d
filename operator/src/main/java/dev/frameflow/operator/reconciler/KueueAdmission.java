package dev.frameflow.operator.reconciler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.operator.job.JobAdmission;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;

/**
 * Following Kueue's admission of the Jobs the operator created suspended ({@link JobAdmission}),
 * level-based like the rest of the reconciler: a suspended, unfinished Job means its VideoJob waits
 * (Queued, saying for which LocalQueue), and keeps telling the api-gateway so ({@code video.status
 * QUEUED} without a standing: the queue's order is Kueue's); an unsuspended one means Kueue
 * admitted it, said once by an {@code Admitted} Event when the VideoJob leaves Queued, then the Job
 * is followed as any other. Kueue suspends a Job again to preempt or evict it (its pods are deleted
 * and its {@code startTime} reset): the VideoJob is then back to waiting, and its next admission is
 * said again.
 */
final class KueueAdmission {

  private final JobAdmission admission;
  private final KubernetesEvents events;
  private final QueueHeartbeat heartbeat;
  private final VideoJobMetrics metrics;

  /**
   * The admissions said already, by Job uid and generation (each suspension and admission changes
   * the spec, so the generation): a pass may still see its VideoJob as Queued after the pass that
   * recorded the admission (the informer cache lags its own status patch), and must not say it
   * twice.
   */
  private final Cache<String, Boolean> announced =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();

  KueueAdmission(
      JobAdmission admission,
      KubernetesEvents events,
      QueueHeartbeat heartbeat,
      VideoJobMetrics metrics) {
    this.admission = admission;
    this.events = events;
    this.heartbeat = heartbeat;
    this.metrics = metrics;
  }

  /** Whether new Jobs are handed to Kueue (rather than created under the built-in cap). */
  boolean byKueue() {
    return admission.byKueue();
  }

  /** A Job as built, marked for its admission (for Kueue: suspended, in its LocalQueue). */
  Job prepare(Job job) {
    return admission.prepare(job);
  }

  /** What the Job's creation Event says when Kueue is to admit it. */
  String created(String jobName) {
    return "created Job "
        + jobName
        + " suspended: it runs when Kueue admits it (LocalQueue "
        + admission.kueueQueue()
        + ")";
  }

  /** Suspended and unfinished: its pods wait for Kueue (or Kueue took them back). */
  static boolean waiting(Job job) {
    return JobAdmission.suspended(job) && !JobObservation.isFinished(job);
  }

  /**
   * The VideoJob waits for Kueue to admit its Job: Queued, with why; a VideoJob that was running
   * says it was suspended (preempted or evicted). The heartbeat keeps the api-gateway from taking
   * the wait for a stall.
   */
  StepResult waitFor(VideoJob videoJob, Job job, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    Phase before = status.getPhase();
    String name = job.getMetadata().getName();
    String queue = JobAdmission.queueOf(job).orElse("none");
    status.setJobName(name);
    if (before == Phase.Pending || before == Phase.Running) {
      status.setMessage(
          "suspended by Kueue (preempted or evicted): Job "
              + name
              + " waits to be admitted again (LocalQueue "
              + queue
              + ")");
    } else if (before != Phase.Queued || !mentionsKueue(status.getMessage())) {
      status.setMessage("waiting for Kueue to admit Job " + name + " (LocalQueue " + queue + ")");
    }
    status.setPhase(Phase.Queued);
    // its pods are gone and Kueue reset the Job's start: the run starts afresh when admitted
    status.setStartTime(null);
    QueueHeartbeat.leftTheQueue(status);
    heartbeat.beatIfDue(videoJob, now);
    // the Job's update when Kueue admits it wakes this VideoJob; the recheck is the heartbeat's
    return new StepResult.Proceed(
        StepResult.earliest(VideoJobReconciler.QUEUED_RECHECK, heartbeat.every()));
  }

  /** The probe Job waits for Kueue: the VideoJob is Queued, saying so, and keeps its heartbeat. */
  StepResult probeWaits(VideoJob videoJob, Job probe, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    status.setPhase(Phase.Queued);
    status.setMessage(
        "waiting for Kueue to admit the probe Job "
            + probe.getMetadata().getName()
            + " (LocalQueue "
            + JobAdmission.queueOf(probe).orElse("none")
            + ")");
    heartbeat.beatIfDue(videoJob, now);
    return new StepResult.Proceed(
        StepResult.earliest(VideoJobReconciler.QUEUED_RECHECK, heartbeat.every()));
  }

  /**
   * Kueue let the Job run: said once, when the VideoJob leaves Queued (or had no phase yet), with
   * how long it waited; the queue-wait metric counts the first admission only.
   */
  void noteAdmission(VideoJob videoJob, Job job, Instant now) {
    if (JobAdmission.queueOf(job).isEmpty()) {
      return; // created under the built-in cap: its JobCreated Event said it
    }
    VideoJobStatus status = videoJob.getStatus();
    Phase before = status.getPhase();
    if (before != null && before != Phase.Queued) {
      return;
    }
    String admission = job.getMetadata().getUid() + "/" + job.getMetadata().getGeneration();
    if (announced.asMap().putIfAbsent(admission, Boolean.TRUE) != null) {
      return;
    }
    heartbeat.admitted(videoJob);
    if (status.getAttempts() == null || status.getAttempts() == 0) {
      metrics.jobCreated(videoJob, now);
    }
    events.normal(
        videoJob,
        "Admitted",
        JobLaunch.admitted(videoJob)
            + " by Kueue (LocalQueue "
            + JobAdmission.queueOf(job).get()
            + "): Job "
            + job.getMetadata().getName()
            + " runs");
  }

  private static boolean mentionsKueue(String message) {
    return message != null && message.contains("Kueue");
  }
}
