package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.validation.ContractValidator.Violation;
import dev.frameflow.operator.slicing.SlicingPolicy;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobValidator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what a pass needs from the informer caches ({@link VideoJobEventSources}) and says it as
 * one {@link VideoJobObservation}. Reads only: it neither writes to the API server nor changes the
 * VideoJob.
 */
final class VideoJobObserver {

  private final VideoJobEventSources sources;
  private final SlicingPolicy slicing;
  private final int podCap;

  VideoJobObserver(VideoJobEventSources sources, SlicingPolicy slicing, int podCap) {
    this.sources = sources;
    this.slicing = slicing;
    this.podCap = podCap;
  }

  VideoJobObservation observe(VideoJob videoJob, Context<VideoJob> context) {
    if (context.isPrimaryResourceDeleted()) {
      return new VideoJobObservation.Deleted();
    }
    if (Retention.isSettled(videoJob)) {
      return new VideoJobObservation.Settled();
    }
    List<Violation> invalid = VideoJobValidator.check(videoJob.getSpec());
    if (!invalid.isEmpty()) {
      return new VideoJobObservation.InvalidSpec(
          StatusRecorder.oneLine(
              invalid.stream().map(Violation::toString).collect(Collectors.joining("; "))));
    }
    Phase phase = videoJob.getStatus() == null ? null : videoJob.getStatus().getPhase();
    if (phase != null && phase.isFinal()) {
      return new VideoJobObservation.Finished();
    }
    // the names derive from videoId: there is a Job name when the spec is valid
    String jobName = VideoJobReconciler.jobName(videoJob).orElseThrow();
    Set<Pod> pods = context.getSecondaryResources(Pod.class);
    Optional<Job> job = sources.job(videoJob, jobName);
    if (job.isPresent()) {
      return VideoJobReconciler.ownedBy(job.get(), videoJob)
          ? new VideoJobObservation.JobFound(
              jobName, job.get(), SourceProbing.podsOf(pods, jobName))
          : new VideoJobObservation.ForeignJob();
    }
    if (slicing.needsProbe(videoJob, podCap)) {
      return new VideoJobObservation.ProbeNeeded(pods);
    }
    return new VideoJobObservation.JobMissing(jobName);
  }
}
