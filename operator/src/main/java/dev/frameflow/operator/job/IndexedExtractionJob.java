package dev.frameflow.operator.job;

import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.operator.slicing.SlicedJobs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the one-pod extraction Job into an Indexed Job of {@code slices} pods: index i (Kubernetes
 * sets {@code JOB_COMPLETION_INDEX}) extracts slice i of the video's timeline into its part of the
 * shared multipart upload. A transient failure retries that index alone ({@code
 * backoffLimitPerIndex}, the VideoJob's retries); an index out of retries fails the Job at once
 * ({@code maxFailedIndexes: 0}); bad input fails it at once through the pod failure policy the
 * one-pod Job has already (exit code 2, {@code FailJob}).
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

    Container container = spec.getTemplate().getSpec().getContainers().get(0);
    List<String> args = new ArrayList<>();
    List<String> given = container.getArgs();
    for (int i = 0; i < given.size(); i++) {
      if ("--upload".equals(given.get(i))) {
        i++; // the one-pod upload's file: the indexes have their own URLs
        continue;
      }
      args.add(given.get(i));
    }
    args.add("--slices");
    args.add(Integer.toString(slices));
    args.add("--slice-access");
    args.add(ExtractionJobBuilder.ACCESS_DIR);
    container.setArgs(args);

    // every index's keys are mounted: a pod template cannot differ per index, so the Secret cannot
    // either; the extractor reads only its own (by JOB_COMPLETION_INDEX)
    for (Volume volume : spec.getTemplate().getSpec().getVolumes()) {
      if (volume.getSecret() != null) {
        List<KeyToPath> items = new ArrayList<>();
        for (int n = 0; n < slices; n++) {
          for (String key :
              List.of(SliceAccess.partKey(n), SliceAccess.spillKey(n), SliceAccess.indexKey(n))) {
            items.add(new KeyToPath(key, null, key));
          }
        }
        items.removeIf(item -> PresignedAccess.UPLOAD_KEY.equals(item.getKey()));
        volume.getSecret().setItems(items);
      }
    }
    return job;
  }
}
