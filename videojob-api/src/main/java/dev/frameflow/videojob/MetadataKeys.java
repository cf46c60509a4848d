package dev.frameflow.videojob;

/**
 * Every label and annotation key that Frameflow writes on Kubernetes objects or reads from them,
 * and the values it matches on. One place, because these keys are an interface: the informers
 * select on them, the admission policies and network policies under {@code kustomize/} and {@code
 * helm/} name them, and a test kubelet or a person with kubectl sets them as the operator would.
 */
public final class MetadataKeys {

  // Kubernetes' recommended labels, on every object the operator makes

  public static final String NAME = "app.kubernetes.io/name";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** {@link #PART_OF}'s value: the platform. */
  public static final String FRAMEFLOW = "frameflow";

  /** {@link #NAME}'s value on the extraction (and probe) Jobs and their pods. */
  public static final String EXTRACTOR = "frame-extractor";

  /** {@link #MANAGED_BY}'s value on what the operator manages. */
  public static final String MANAGER = "frameflow-operator";

  /** What the operator's informers watch: only the Jobs and pods it made. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

  // Frameflow's labels

  /** On a Job and its pods: the VideoJob they run for (how a pod finds its way back). */
  public static final String VIDEO_JOB = "frameflow.dev/video-job";

  /** On a VideoJob, its Jobs and pods, and a cancel tombstone: the api-gateway's video id. */
  public static final String VIDEO_ID = "frameflow.dev/video-id";

  /** Marks the ConfigMaps that remember a cancel which overtook its upload. */
  public static final String TOMBSTONE = "frameflow.dev/tombstone";

  /** {@link #TOMBSTONE}'s value. */
  public static final String TOMBSTONE_CANCELLED = "cancelled";

  // Frameflow's annotations

  /** On a Job: the VideoJob generation it was built from (its template never changes after). */
  public static final String SPEC_GENERATION = "frameflow.dev/videojob-generation";

  /**
   * On a sliced video's Job: the id of the multipart upload its indexes write their parts to (set
   * before the Job is created, so it survives an operator stopped at any point of the launch).
   */
  public static final String UPLOAD_ID = "frameflow.dev/upload-id";

  /** On a VideoJob the bridge created: the id of the {@code video.uploaded} event it came from. */
  public static final String UPLOADED_EVENT_ID = "frameflow.dev/uploaded-event-id";

  /**
   * The video's trace (W3C {@code traceparent} of the bridge's span): every reconcile that acts is
   * a span of this trace, so that one video is one trace across services (docs/architecture.md).
   */
  public static final String TRACEPARENT = "frameflow.dev/traceparent";

  /** The W3C {@code tracestate} that came with {@link #TRACEPARENT}, when there was one. */
  public static final String TRACESTATE = "frameflow.dev/tracestate";

  /**
   * On a VideoJob, {@code "true"}, set by the bridge just before it deletes it for a cancel: no
   * outcome is owed.
   */
  public static final String CANCELLED = "frameflow.dev/cancelled";

  // Kubernetes' Job controller's labels (and annotation) on the pods of a Job: read, never written
  // by the operator

  /** The Job a pod belongs to. */
  public static final String JOB_NAME = "batch.kubernetes.io/job-name";

  /** The uid of the Job a pod belongs to. */
  public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

  /** An Indexed Job's pod: its index, as a label and as an annotation. */
  public static final String JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private MetadataKeys() {}
}
