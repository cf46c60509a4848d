package dev.frameflow.operator.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.List;

/**
 * Turns the one-pod extraction Job into the probe Job: another name, the extractor's {@code
 * --probe} arguments and a short deadline; its pod is granted the source's presigned GET only (a
 * probe writes nothing). Everything else — image, ServiceAccount without API token, the projected
 * token it asks the operator with, security context, resources, the pod failure policy that fails
 * the Job at once on bad input (exit code 2), retries of transient failures — is the extraction
 * Job's, so the admission policy admits it as it is.
 */
final class ProbeJob {

  private ProbeJob() {}

  static Job apply(Job job, String name, List<String> args, long deadlineSeconds) {
    job.getMetadata().setName(name);
    JobSpec spec = job.getSpec();
    spec.setActiveDeadlineSeconds(deadlineSeconds);
    Container container = spec.getTemplate().getSpec().getContainers().get(0);
    container.setArgs(args);
    return job;
  }
}
