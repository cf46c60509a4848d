package dev.frameflow.operator.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who admits the operator's Jobs: the operator itself (its cap and fair share by owner), or <a
 * href="https://kueue.sigs.k8s.io">Kueue</a>. Handed to Kueue, a Job is created suspended ({@code
 * spec.suspend: true}: the Job controller starts no pod) and labelled with its LocalQueue ({@code
 * kueue.x-k8s.io/queue-name}); Kueue lifts the suspension when the ClusterQueue behind that
 * LocalQueue has quota for its pods, and may suspend it again to preempt it.
 *
 * @param kueueQueue the LocalQueue in the Jobs' namespace, or null for the built-in admission
 */
public record JobAdmission(String kueueQueue) {

  /** The label Kueue reads a Job's LocalQueue from. */
  public static final String QUEUE_NAME_LABEL = "kueue.x-k8s.io/queue-name";

  /** The operator's own cap and fair share decide when each Job is created. */
  public static final JobAdmission BUILT_IN = new JobAdmission(null);

  /** A label value (63 characters at most) that is also a valid LocalQueue name. */
  private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public JobAdmission {
    if (kueueQueue != null && !QUEUE_NAME.matcher(kueueQueue).matches()) {
      throw new IllegalArgumentException(
          "the Kueue LocalQueue name must be a DNS-1123 label (lower case letters, digits and"
              + " '-', 63 characters at most), was '"
              + kueueQueue
              + "'");
    }
  }

  /** Jobs go to Kueue's LocalQueue {@code queue} and wait there, suspended. */
  public static JobAdmission kueue(String queue) {
    if (queue == null) {
      throw new IllegalArgumentException("admission by Kueue needs a LocalQueue name");
    }
    return new JobAdmission(queue);
  }

  public boolean byKueue() {
    return kueueQueue != null;
  }

  /**
   * Marks a Job the builder made for its admission: for Kueue, suspended and labelled with the
   * LocalQueue; built in, unchanged (the operator creates it only once it has a slot).
   */
  public Job prepare(Job job) {
    if (!byKueue()) {
      return job;
    }
    job.getSpec().setSuspend(true);
    Map<String, String> labels =
        job.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(job.getMetadata().getLabels());
    labels.put(QUEUE_NAME_LABEL, kueueQueue);
    job.getMetadata().setLabels(labels);
    return job;
  }

  /** Whether the Job is suspended: its pods do not run (yet, or any more). */
  public static boolean suspended(Job job) {
    return job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  /** The LocalQueue a Job was handed to, when it was. */
  public static Optional<String> queueOf(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(QUEUE_NAME_LABEL));
  }
}
