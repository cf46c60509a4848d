package dev.frameflow.operator.reconciler;

import dev.frameflow.operator.slicing.SliceAssembly;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobResult;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sliced VideoJob adds to following its Job: slices done / total and a progress that moves
 * with them, and — when every index has succeeded — the final step ({@link SliceAssembly}) before
 * the VideoJob may count as Succeeded: until the ZIP is complete, it is not.
 *
 * <p>Slices that cannot make a ZIP (an index or spill object over its bound, or an index that
 * breaks {@code SliceIndexRules}) fail the VideoJob at once, and what the pods stored is discarded;
 * storage trouble is retried every {@link #ASSEMBLY_RETRY} until {@code assemblyDeadline} after the
 * Job completed, then the VideoJob fails too. So no VideoJob is assembled again and again for ever,
 * by this leader or the next.
 */
final class SlicedJobFollower {

  static final Duration ASSEMBLY_RETRY = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(SlicedJobFollower.class);

  private final SliceAssembly assembly;
  private final Duration assemblyDeadline;

  SlicedJobFollower(SliceAssembly assembly, Duration assemblyDeadline) {
    this.assembly = assembly;
    this.assemblyDeadline = assemblyDeadline;
  }

  /** Percent of the slices done, for the progress column and PROCESSING events. */
  static int percentDone(Job job) {
    int slices = SlicedJobs.slicesOf(job);
    int done = succeeded(job);
    // 100 % is the finished ZIP's
    return (int) Math.min(99, (long) done * 100 / slices);
  }

  /**
   * Records the slices; after the Job's success, assembles the ZIP. Returns when to look again
   * (null: no need).
   */
  Duration follow(VideoJob videoJob, Job job, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    int slices = SlicedJobs.slicesOf(job);
    status.setSlices(slices);
    status.setSlicesDone(Math.min(succeeded(job), slices) + "/" + slices);
    String uploadId = uploadId(job);
    if (uploadId != null) {
      status.setUploadId(uploadId);
    }
    if (status.getPhase() != Phase.Succeeded) {
      return null;
    }
    if (assembly == null) {
      fail(videoJob, "NoAssembly", "this operator cannot assemble sliced ZIPs (no S3 client)");
      return null;
    }
    if (status.getUploadId() == null) {
      fail(
          videoJob,
          "SlicesInconsistent",
          "the slices do not make one ZIP: the Job names no upload (created by an older operator?)");
      return null;
    }
    return assemble(videoJob, job, slices, now);
  }

  /** The final step; returns when to try again after storage trouble (null: done or failed). */
  private Duration assemble(VideoJob videoJob, Job job, int slices, Instant now) {
    VideoJobStatus status = videoJob.getStatus();
    try {
      SliceAssembly.Assembled zip =
          assembly.assemble(videoJob.getSpec().output(), status.getUploadId(), slices);
      VideoJobResult before = status.getResult();
      status.setResult(
          new VideoJobResult(
              zip.frames(),
              videoJob.getSpec().output(),
              zip.bytes(),
              zip.videoDurationSeconds(),
              before == null ? null : before.elapsedMillis()));
      status.setMessage("extracted " + zip.frames() + " frames in " + slices + " slices");
      return null;
    } catch (SliceAssembly.InconsistentSlicesException e) {
      log.warn(
          "the slices of {}/{} do not make one ZIP, failing it: {}",
          videoJob.getMetadata().getNamespace(),
          videoJob.getMetadata().getName(),
          e.getMessage());
      discard(videoJob, slices);
      fail(videoJob, "SlicesInconsistent", "the slices do not make one ZIP: " + e.getMessage());
      return null;
    } catch (Exception e) {
      return storageTrouble(videoJob, job, now, e);
    }
  }

  /** Retried every {@link #ASSEMBLY_RETRY}; past the deadline after the Job completed, failed. */
  private Duration storageTrouble(VideoJob videoJob, Job job, Instant now, Exception e) {
    VideoJobStatus status = videoJob.getStatus();
    Instant since = completedAt(job);
    if (since != null && !now.isBefore(since.plus(assemblyDeadline))) {
      log.warn(
          "assembling the ZIP of {}/{} still fails {} after its Job completed, failing it: {}",
          videoJob.getMetadata().getNamespace(),
          videoJob.getMetadata().getName(),
          assemblyDeadline,
          e.toString());
      fail(
          videoJob,
          "AssemblyFailed",
          "the ZIP could not be assembled within " + assemblyDeadline.toMinutes() + " minutes");
      return null;
    }
    // storage trouble: not done yet; the next pass tries again (the Job stays Complete)
    log.warn(
        "assembling the ZIP of {}/{} failed: {}",
        videoJob.getMetadata().getNamespace(),
        videoJob.getMetadata().getName(),
        e.toString());
    status.setPhase(Phase.Running);
    status.setCompletionTime(null);
    status.setMessage("all slices done; assembling the ZIP failed, retrying: " + e.getMessage());
    return ASSEMBLY_RETRY;
  }

  /**
   * The shared upload's id: on the Job since before it was created ({@link
   * MetadataKeys#UPLOAD_ID}), recorded in the VideoJob's status. No Secret is read.
   */
  private static String uploadId(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(MetadataKeys.UPLOAD_ID);
  }

  /** Aborts the upload and deletes the spills; a leftover costs bytes, not correctness. */
  private void discard(VideoJob videoJob, int slices) {
    try {
      assembly.discard(videoJob.getSpec().output(), videoJob.getStatus().getUploadId(), slices);
    } catch (RuntimeException e) {
      log.warn("discarding the slices' objects failed: {}", e.toString());
    }
  }

  /** When the Job completed: its completion time, else its Complete condition's; null: unknown. */
  private static Instant completedAt(Job job) {
    if (job.getStatus() == null) {
      return null;
    }
    String when = job.getStatus().getCompletionTime();
    if (when == null && job.getStatus().getConditions() != null) {
      when =
          job.getStatus().getConditions().stream()
              .filter(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))
              .map(c -> c.getLastTransitionTime())
              .filter(t -> t != null)
              .findFirst()
              .orElse(null);
    }
    try {
      return when == null ? null : Instant.parse(when);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static int succeeded(Job job) {
    return job.getStatus() == null || job.getStatus().getSucceeded() == null
        ? 0
        : job.getStatus().getSucceeded();
  }

  private static void fail(VideoJob videoJob, String reason, String message) {
    VideoJobStatus status = videoJob.getStatus();
    status.setPhase(Phase.Failed);
    status.setResult(null);
    status.setMessage(message);
    StatusConditions.set(
        status.getConditions(),
        StatusConditions.FAILED,
        true,
        reason,
        message,
        videoJob.getMetadata().getGeneration());
  }
}
