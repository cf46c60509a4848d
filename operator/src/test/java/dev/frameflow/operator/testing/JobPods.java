package dev.frameflow.operator.testing;

import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Pods as the Job controller makes them, for tests that play it without running anything. */
public final class JobPods {

  private JobPods() {}

  /**
   * A pod of {@code job} (of index {@code index} when given, as an Indexed Job's: label and
   * annotation), running as {@code serviceAccount}, controlled by the Job.
   */
  public static Pod create(KubernetesClient client, Job job, Integer index, String serviceAccount) {
    var labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(MetadataKeys.JOB_NAME, job.getMetadata().getName());
    Map<String, String> annotations = Map.of();
    if (index != null) {
      labels.put(MetadataKeys.JOB_COMPLETION_INDEX, index.toString());
      annotations = Map.of(MetadataKeys.JOB_COMPLETION_INDEX, index.toString());
    }
    var spec = job.getSpec().getTemplate().getSpec();
    spec.setServiceAccountName(serviceAccount);
    return client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(
                    job.getMetadata().getName()
                        + "-"
                        + (index != null ? index + "-" : "")
                        + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName(job.getMetadata().getName())
                        .withUid(job.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withSpec(spec)
                .build())
        .create();
  }
}
