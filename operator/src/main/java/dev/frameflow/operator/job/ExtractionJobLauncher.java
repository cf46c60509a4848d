package dev.frameflow.operator.job;

import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.tracing.JobTracing;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Creates a VideoJob's Job: one API request, and nothing else for a one-pod or probe Job (its pod
 * asks the operator for its URLs when it starts, see {@code access.AccessEndpoint}). A sliced Job's
 * indexes share one multipart upload, created first and named on the Job (annotation {@link
 * MetadataKeys#UPLOAD_ID}) so that it survives an operator stopped anywhere in the launch.
 */
public class ExtractionJobLauncher {

  private final ExtractionJobBuilder builder;
  private final JobAccess access;
  private final JobTracing tracing;

  public ExtractionJobLauncher(ExtractionJobBuilder builder, JobAccess access) {
    this(builder, access, JobTracing.off());
  }

  /**
   * @param tracing what the pods are told of the video's trace (and where they export it)
   */
  public ExtractionJobLauncher(ExtractionJobBuilder builder, JobAccess access, JobTracing tracing) {
    this.builder = builder;
    this.access = access;
    this.tracing = tracing;
  }

  public ExtractionJobBuilder builder() {
    return builder;
  }

  /** What pods are granted when they ask: signed with the operator's credentials. */
  public JobAccess access() {
    return access;
  }

  /**
   * @throws KubernetesClientException with code 409 when the Job existed already
   */
  public Job launch(VideoJob videoJob, KubernetesClient client) {
    return launch(builder.build(videoJob), videoJob, client);
  }

  /**
   * Launches {@code job}, built by {@link #builder()} for {@code videoJob} and perhaps completed by
   * the caller (the operator endpoint's address).
   *
   * @throws KubernetesClientException with code 409 when the Job existed already
   */
  public Job launch(Job job, VideoJob videoJob, KubernetesClient client) {
    String uploadId = null;
    if (SlicedJobs.isSliced(job)) {
      // the indexes' shared upload, named on the Job itself before it exists anywhere
      uploadId = access.createUpload(videoJob.getSpec().output());
      job.getMetadata().getAnnotations().put(MetadataKeys.UPLOAD_ID, uploadId);
    }
    traced(job, videoJob.getSpec().videoId());
    try {
      return client.batch().v1().jobs().resource(job).create();
    } catch (KubernetesClientException e) {
      if (uploadId != null) {
        access.abortUpload(videoJob.getSpec().output(), uploadId);
      }
      throw e;
    }
  }

  /**
   * Creates the probe Job. Idempotent as {@link #launch}.
   *
   * @throws KubernetesClientException with code 409 when the Job existed already
   */
  public Job launchProbe(Job probe, KubernetesClient client) {
    String videoId = probe.getMetadata().getLabels().get(MetadataKeys.VIDEO_ID);
    traced(probe, videoId);
    return client.batch().v1().jobs().resource(probe).create();
  }

  /**
   * The pods' trace variables ({@link JobTracing}), taken from the span current while the Job is
   * created: the reconcile span that launches it.
   */
  private void traced(Job job, String videoId) {
    tracing.applyTo(job, videoId, io.opentelemetry.context.Context.current());
  }
}
