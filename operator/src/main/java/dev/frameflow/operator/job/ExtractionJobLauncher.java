package dev.frameflow.operator.job;

import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Creates a VideoJob's Job and then the Secret with its presigned URLs, owned by the Job (its uid
 * exists only once the Job does). The pod waits for the Secret to exist (the kubelet retries a
 * missing Secret), so the order costs nothing. Idempotent: when the Job exists already (a lost
 * status write) its Secret is created if missing, and the conflict is passed on.
 */
public class ExtractionJobLauncher {

  private final ExtractionJobBuilder builder;
  private final JobAccess access;

  /** Uids of Jobs whose Secret exists; bounded, a forgotten one costs one create answered 409. */
  private final Set<String> granted =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));

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
    // a Job this call created has no Secret yet: create it without looking first (a Secret left
    // by an earlier Job of the same name answers 409, which counts as done)
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
    createOnce(
        probe,
        () ->
            access.probeSecretFor(
                probe, videoJob.getSpec(), builder.probeDeadlineSeconds(videoJob.getSpec())),
        videoJob,
        client);
  }

  private void grant(Job job, VideoJob videoJob, KubernetesClient client) {
    createOnce(
        job,
        () ->
            access.secretFor(job, videoJob.getSpec(), builder.deadlineSeconds(videoJob.getSpec())),
        videoJob,
        client);
  }

  /**
   * Creates the Job's Secret unless this process has created or met it already; "already exists"
   * (409) counts as done. The operator never reads a Secret: a Job launched by an earlier process
   * costs one create answered 409 (a one-pod Job's Secret then names an upload nobody uses, which
   * is aborted at once).
   */
  private void createOnce(
      Job job, Supplier<Secret> secret, VideoJob videoJob, KubernetesClient client) {
    String uid = job.getMetadata().getUid();
    if (uid != null && granted.contains(uid)) {
      return;
    }
    Secret wanted = secret.get();
    try {
      client.secrets().inNamespace(job.getMetadata().getNamespace()).resource(wanted).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      access.discard(wanted, videoJob.getSpec().output());
    }
    if (uid != null) {
      granted.add(uid);
    }
  }
}
