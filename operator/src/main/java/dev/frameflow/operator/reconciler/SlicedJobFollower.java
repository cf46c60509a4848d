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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sliced VideoJob adds to following its Job: slices done / total and a progress that moves
 * with them, and — when every index has succeeded — the final step ({@link SliceAssembly}) before
 * the VideoJob may count as Succeeded: until the ZIP is complete, it is not.
 */
final class SlicedJobFollower {

  static final Duration ASSEMBLY_RETRY = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(SlicedJobFollower.class);

  private final SliceAssembly assembly;

  SlicedJobFollower(SliceAssembly assembly) {
    this.assembly = assembly;
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
  Duration follow(VideoJob videoJob, Job job) {
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
      fail(videoJob, "SlicesInconsistent", "the slices do not make one ZIP: " + e.getMessage());
      return null;
    } catch (Exception e) {
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
  }

  /**
   * The shared upload's id: on the Job since before it was created ({@link
   * MetadataKeys#UPLOAD_ID}), recorded in the VideoJob's status. No Secret is read.
   */
  private static String uploadId(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(MetadataKeys.UPLOAD_ID);
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
