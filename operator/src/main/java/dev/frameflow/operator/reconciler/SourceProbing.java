package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.scheduling.SlotDecision;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.operator.tracing.VideoTraces;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Measuring a source before its slices are planned: the probe Job ({@code probe-<videoId>}, the
 * extractor's {@code --probe}) is created under a slot of the operator-wide cap (or, with admission
 * by Kueue, at once and suspended, for Kueue to admit like any extraction Job), followed through
 * its pod, and its measured duration recorded in {@code status.sourceDurationSeconds}; then it is
 * deleted and the VideoJob is planned as usual. Level-based like the rest of the reconciler: each
 * pass looks at the probe Job and its pod in the caches and takes one step. The reconciler decides
 * when a VideoJob needs a probe ({@link SlicingPolicy#needsProbe}) and records what a step returns.
 */
final class SourceProbing {

  private final ExtractionJobLauncher launcher;
  private final JobSlots slots;
  private final QueueHeartbeat heartbeat;
  private final KueueAdmission kueue;
  private final VideoJobEventSources sources;
  private final KubernetesEvents events;
  private final SlicingPolicy slicing;
  private final VideoTraces traces;

  SourceProbing(
      ExtractionJobLauncher launcher,
      JobSlots slots,
      QueueHeartbeat heartbeat,
      KueueAdmission kueue,
      VideoJobEventSources sources,
      KubernetesEvents events,
      SlicingPolicy slicing,
      VideoTraces traces) {
    this.traces = traces;
    this.launcher = launcher;
    this.slots = slots;
    this.heartbeat = heartbeat;
    this.kueue = kueue;
    this.sources = sources;
    this.events = events;
    this.slicing = slicing;
  }

  /**
   * One step: take a slot and create the probe Job, follow it, or record what it measured (then
   * delete it) or why it failed (the probe found bad input, or the API server refused its Job).
   * Sets the status's phase, message and duration. Creating the probe Job ends the pass (one write
   * per pass); a recorded duration asks for the next pass at once, to plan the slices.
   */
  StepResult step(VideoJob videoJob, Set<Pod> pods, KubernetesClient client, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    String probeName = probeName(videoJob);
    Optional<Job> probe = sources.job(videoJob, probeName);
    if (probe.isPresent() && !VideoJobReconciler.ownedBy(probe.get(), videoJob)) {
      delete(videoJob, client); // an earlier VideoJob's of the same name
      return new StepResult.EndPass(VideoJobReconciler.EXISTING_JOB_RECHECK);
    }
    if (probe.isEmpty()) {
      return launch(videoJob, probeName, client, now);
    }
    if (KueueAdmission.waiting(probe.get())) {
      return kueue.probeWaits(videoJob, probe.get(), now);
    }
    ProbeObservation seen = ProbeObservation.of(probe.get(), podsOf(pods, probeName), now);
    if (seen instanceof ProbeObservation.Measured measured) {
      status.setSourceDurationSeconds(measured.durationSeconds());
      recordProbeSpan(videoJob, probe.get(), measured.durationSeconds());
      int slices = slicing.slicesFor(videoJob, slots.max());
      status.setMessage(
          "the source lasts "
              + measured.durationSeconds()
              + " s: "
              + (slices > 1 ? slices + " slices" : "one pod"));
      delete(videoJob, client);
      return new StepResult.Proceed(Duration.ZERO);
    }
    if (seen instanceof ProbeObservation.Failed failed) {
      // the probe's pod stays until the Job's TTL (or the VideoJob's deletion), for its logs
      StatusRecorder.fail(videoJob, failed.reason(), failed.message());
      return StepResult.proceed();
    }
    status.setPhase(Phase.Queued);
    status.setMessage(((ProbeObservation.Waiting) seen).message());
    if (!JobObservation.isFinished(probe.get())) {
      // the probe's Job and pod events wake us
      return new StepResult.Proceed(VideoJobReconciler.QUEUED_RECHECK);
    }
    return new StepResult.Proceed(
        VideoJobReconciler.RESULT_RECHECK); // complete: its result is on its way
  }

  private StepResult launch(
      VideoJob videoJob, String probeName, KubernetesClient client, Instant now) {
    if (kueue.byKueue()) {
      return create(videoJob, probeName, client); // Kueue admits it, like the extraction Jobs
    }
    SlotDecision decision =
        slots.decide(
            videoJob,
            probeName,
            1,
            v -> slicing.slicesFor(v, slots.max()),
            sources.slotCache(videoJob.getMetadata().getNamespace()),
            sources::hasJob);
    if (decision instanceof SlotDecision.Wait wait) {
      return JobLaunch.queue(
          videoJob,
          new SlotDecision.Wait(
              wait.reason().replaceFirst("^waiting", "waiting to probe the source"),
              wait.position()),
          heartbeat,
          now);
    }
    heartbeat.admitted(videoJob);
    return create(videoJob, probeName, client);
  }

  private StepResult create(VideoJob videoJob, String probeName, KubernetesClient client) {
    try {
      Job created =
          launcher.launchProbe(kueue.prepare(launcher.builder().buildProbe(videoJob)), client);
      sources.jobCreated(created);
      events.normal(videoJob, "Probing", "created Job " + probeName + " to measure the source");
      return new StepResult.EndPass(VideoJobReconciler.EXISTING_JOB_RECHECK);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // created by an earlier pass: the cache gets it from the watch
        return new StepResult.EndPass(VideoJobReconciler.EXISTING_JOB_RECHECK);
      }
      slots.release(probeName);
      Optional<String> refused = JobLaunch.refusal(e, probeName);
      if (refused.isEmpty()) {
        throw e;
      }
      StatusRecorder.fail(videoJob, "JobRefused", refused.get());
      return StepResult.proceed();
    }
  }

  /**
   * The probe as one span of the video's trace: from its Job's creation to its measure (the probe
   * pod's own spans, under the launching pass, say what it did inside).
   */
  private void recordProbeSpan(VideoJob videoJob, Job probe, double durationSeconds) {
    Instant created;
    try {
      created = Instant.parse(probe.getMetadata().getCreationTimestamp());
    } catch (RuntimeException e) {
      return; // no creation time: no honest span
    }
    traces.record(
        "source probe",
        VideoTraces.fromAnnotations(videoJob.getMetadata().getAnnotations()),
        videoJob.getSpec().videoId(),
        created,
        Map.of("video.duration_seconds", durationSeconds, "k8s.job.name", probeName(videoJob)));
  }

  /** Deletes a probe Job still there once the extraction Job exists (a lost deletion). */
  void deleteLeftover(VideoJob videoJob, KubernetesClient client) {
    if (sources.job(videoJob, probeName(videoJob)).isPresent()) {
      delete(videoJob, client);
    }
  }

  /** Deletes the VideoJob's probe Job (and, in the background, its pod). */
  void delete(VideoJob videoJob, KubernetesClient client) {
    String name;
    try {
      name = probeName(videoJob);
    } catch (RuntimeException e) {
      return; // no UUID, no probe
    }
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(videoJob.getMetadata().getNamespace())
        .withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }

  /** The pods of one Job (a VideoJob's pods are its probe's and its extraction's). */
  static Set<Pod> podsOf(Set<Pod> pods, String jobName) {
    Set<Pod> ofJob = new HashSet<>();
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String owner = labels == null ? null : labels.get(MetadataKeys.JOB_NAME);
      if (owner == null || owner.equals(jobName)) {
        ofJob.add(pod);
      }
    }
    return ofJob;
  }

  private static String probeName(VideoJob videoJob) {
    return VideoJobNames.probeJob(UUID.fromString(videoJob.getSpec().videoId()));
  }
}
