package dev.frameflow.operator.job;

import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels the operator puts on a VideoJob's Jobs and their pods (keys: {@link MetadataKeys}).
 * The informers select on {@link MetadataKeys#MANAGED_SELECTOR}; pods are mapped back to their
 * VideoJob through {@link MetadataKeys#VIDEO_JOB}.
 */
public final class ExtractionJobLabels {

  private ExtractionJobLabels() {}

  public static Map<String, String> forVideoJob(VideoJob videoJob) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MetadataKeys.NAME, MetadataKeys.EXTRACTOR);
    labels.put(MetadataKeys.PART_OF, MetadataKeys.FRAMEFLOW);
    labels.put(MetadataKeys.MANAGED_BY, MetadataKeys.MANAGER);
    labels.put(MetadataKeys.VIDEO_JOB, videoJob.getMetadata().getName());
    labels.put(MetadataKeys.VIDEO_ID, videoJob.getSpec().videoId());
    return labels;
  }
}
