package dev.frameflow.operator.job;

import dev.frameflow.operator.videojob.VideoJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels and annotations the operator puts on its Jobs and their pods. The informers select on
 * {@link #MANAGED_SELECTOR}; pods are mapped back to their VideoJob through {@link #VIDEO_JOB}.
 */
public final class ExtractionJobLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String VIDEO_JOB = "frameflow.dev/video-job";
  public static final String VIDEO_ID = "frameflow.dev/video-id";

  /** The VideoJob generation the Job was built from: its template is never updated afterwards. */
  public static final String SPEC_GENERATION = "frameflow.dev/videojob-generation";

  /**
   * On a sliced video's Job: the id of the multipart upload its indexes write their parts to (set
   * before the Job is created, so it survives an operator stopped at any point of the launch).
   */
  public static final String UPLOAD_ID = "frameflow.dev/upload-id";

  public static final String MANAGER = "frameflow-operator";
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

  private ExtractionJobLabels() {}

  public static Map<String, String> forVideoJob(VideoJob videoJob) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, "frame-extractor");
    labels.put(PART_OF, "frameflow");
    labels.put(MANAGED_BY, MANAGER);
    labels.put(VIDEO_JOB, videoJob.getMetadata().getName());
    labels.put(VIDEO_ID, videoJob.getSpec().videoId());
    return labels;
  }
}
