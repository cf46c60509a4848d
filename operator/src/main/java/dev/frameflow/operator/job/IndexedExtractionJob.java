package dev.frameflow.operator.job;

import dev.frameflow.operator.slicing.SlicedJobs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;

/**
 * Turns the one-pod extraction Job into an Indexed Job of {@code slices} pods: index i (Kubernetes
 * sets {@code JOB_COMPLETION_INDEX}) extracts slice i of the video's timeline into its part of the
 * shared multipart upload, through the URLs of that part alone, which the operator grants the pod
 * of index i (a pod template cannot differ per index, a grant can). A transient failure retries
 * that index alone ({@code backoffLimitPerIndex}, the VideoJob's retries); an index out of retries
 * fails the Job at once ({@code maxFailedIndexes: 0}); bad input fails it at once through the pod
 * failure policy the one-pod Job has already (exit code 2, {@code FailJob}).
 */
final class IndexedExtractionJob {

  private IndexedExtractionJob() {}

  static Job apply(Job job, int slices, int retries) {
    JobSpec spec = job.getSpec();
    spec.setCompletionMode(SlicedJobs.INDEXED);
    spec.setCompletions(slices);
    spec.setParallelism(slices);
    spec.setBackoffLimitPerIndex(retries);
    spec.setMaxFailedIndexes(0);
    // with backoffLimitPerIndex the Job-wide limit must stay unset (it defaults to the maximum)
    spec.setBackoffLimit(null);

    // each index asks the operator for its own part's URLs (it knows the index from the pod)
    Container container = spec.getTemplate().getSpec().getContainers().get(0);
    container.setArgs(ExtractorCommandLine.slicedArguments(container.getArgs(), slices));
    return job;
  }
}
