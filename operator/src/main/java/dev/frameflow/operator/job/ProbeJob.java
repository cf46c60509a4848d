package dev.frameflow.operator.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.List;

/**
 * Turns the one-pod extraction Job into the probe Job: another name, the extractor's {@code
 * --probe} arguments, a short deadline, and its own Secret {@code <probe job>-access} holding the
 * source's presigned GET only (no upload volume: a probe writes nothing). Everything else — image,
 * ServiceAccount without token, security context, resources, the pod failure policy that fails the
 * Job at once on bad input (exit code 2), retries of transient failures — is the extraction Job's,
 * so the admission policy admits it as it is.
 */
final class ProbeJob {

  private ProbeJob() {}

  static Job apply(Job job, String name, List<String> args, long deadlineSeconds) {
    job.getMetadata().setName(name);
    JobSpec spec = job.getSpec();
    spec.setActiveDeadlineSeconds(deadlineSeconds);
    var pod = spec.getTemplate().getSpec();
    pod.getVolumes().removeIf(v -> v.getSecret() != null);
    Container container = pod.getContainers().get(0);
    container
        .getVolumeMounts()
        .removeIf(m -> m.getMountPath().equals(ExtractionJobBuilder.ACCESS_DIR));
    container.setArgs(args);
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        variable.getValueFrom().getSecretKeyRef().setName(JobAccess.secretName(name));
      }
    }
    return job;
  }
}
