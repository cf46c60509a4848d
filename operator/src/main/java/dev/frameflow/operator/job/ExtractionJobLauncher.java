package dev.frameflow.operator.job;

import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Creates a VideoJob's Job and then the Secret with its presigned URLs, owned by the Job (its uid
 * exists only once the Job does). The pod waits for the Secret to exist (the kubelet retries a
 * missing Secret), so the order costs nothing. Idempotent: when the Job exists already (a lost
 * status write) its Secret is created if missing, and the conflict is passed on.
 */
public class ExtractionJobLauncher {

  private final ExtractionJobBuilder builder;
  private final JobAccess access;

  public ExtractionJobLauncher(ExtractionJobBuilder builder, JobAccess access) {
    this.builder = builder;
    this.access = access;
  }

  public ExtractionJobBuilder builder() {
    return builder;
  }

  /**
   * @throws KubernetesClientException with code 409 when the Job existed already
   */
  public Job launch(VideoJob videoJob, KubernetesClient client) {
    return launch(builder.build(videoJob), videoJob, client);
  }

  /**
   * Launches {@code job}, built by {@link #builder()} for {@code videoJob} and perhaps completed by
   * the caller (the progress endpoint's address).
   *
   * @throws KubernetesClientException with code 409 when the Job existed already
   */
  public Job launch(Job job, VideoJob videoJob, KubernetesClient client) {
    Job created;
    String uploadId = null;
    if (SlicedJobs.isSliced(job)) {
      // the indexes' shared upload, named on the Job itself before it exists anywhere
      uploadId = access.createSlicedUpload(videoJob.getSpec().output());
      job.getMetadata().getAnnotations().put(ExtractionJobLabels.UPLOAD_ID, uploadId);
    }
    try {
      created = client.batch().v1().jobs().resource(job).create();
    } catch (KubernetesClientException e) {
      if (uploadId != null) {
        access.abortSlicedUpload(videoJob.getSpec().output(), uploadId);
      }
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        Job existing =
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName())
                .get();
        if (existing != null) {
          grant(existing, videoJob, client);
        }
      }
      throw e;
    }
    grant(created, videoJob, client);
    return created;
  }

  /**
   * Creates the Job's Secret when it is missing: a Job whose launch broke off between the two
   * creations (an operator stopped in between) would otherwise wait for it for ever.
   */
  public void ensureAccess(Job job, VideoJob videoJob, KubernetesClient client) {
    grant(job, videoJob, client);
  }

  /**
   * Creates the probe Job, then its Secret (the source's GET only). Idempotent as {@link #launch}.
   *
   * @throws KubernetesClientException with code 409 when the Job existed already
   */
  public Job launchProbe(Job probe, VideoJob videoJob, KubernetesClient client) {
    Job created = client.batch().v1().jobs().resource(probe).create();
    ensureProbeAccess(created, videoJob, client);
    return created;
  }

  /** Creates the probe Job's Secret when it is missing (a launch cut short by a restart). */
  public void ensureProbeAccess(Job probe, VideoJob videoJob, KubernetesClient client) {
    String namespace = probe.getMetadata().getNamespace();
    String name = JobAccess.secretName(probe.getMetadata().getName());
    if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
      return;
    }
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              access.probeSecretFor(
                  probe, videoJob.getSpec(), builder.probeDeadlineSeconds(videoJob.getSpec())))
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  private void grant(Job job, VideoJob videoJob, KubernetesClient client) {
    String name = JobAccess.secretName(job.getMetadata().getName());
    String namespace = job.getMetadata().getNamespace();
    if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
      return;
    }
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              access.secretFor(
                  job, videoJob.getSpec(), builder.deadlineSeconds(videoJob.getSpec())))
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
