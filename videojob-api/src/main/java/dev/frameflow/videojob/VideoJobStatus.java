package dev.frameflow.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.slicing.SlicePlan;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's record of a VideoJob. {@code publishedEventId} is set only after the broker has
 * confirmed the {@code video.status} event of the final outcome, so an empty value on a final phase
 * means "publish (again) with the same event id".
 *
 * <p>{@code tracedSlicePods} makes the status, not the leader's memory, the record of which slice
 * pods already have their {@code video.slice} span: a new leader reads it and records none of them
 * again. It is a map keyed by pod uid, not a list: the operator patches status with a JSON Patch
 * computed against the status its pass read, which may be older than the API server's; adding a key
 * is idempotent there, where adding to a list would repeat the entries. Its bound: a sliced Job has
 * at most {@link SlicePlan#MAX_SLICES} (64) indexes, each with at most {@code retries} + 1 pods the
 * Job counts (retries at most 10), so 704 pods; pods evicted or preempted are not counted by the
 * Job ({@code DisruptionTarget} is ignored) and can add more, so the map is capped at {@link
 * #MAX_TRACED_SLICE_PODS} and a pod past it is not listed (a later leader may record its span a
 * second time).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoJobStatus {

  @JsonPropertyDescription(
      "Queued (waiting for a free slot), Pending, Running, Succeeded or Failed; the last two are"
          + " final.")
  private Phase phase;

  @JsonPropertyDescription(
      "Ready (True once succeeded), Failed (True with the reason when failed), SpecChangeIgnored.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("The batch/v1 Job running the extraction.")
  private String jobName;

  @JsonPropertyDescription("Pods started for the extraction so far.")
  private Integer attempts;

  @JsonPropertyDescription("When the Job started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the VideoJob reached its final phase (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("What the extractor reported on success.")
  private VideoJobResult result;

  @JsonPropertyDescription("One line on what is happening or what went wrong.")
  private String message;

  @JsonPropertyDescription(
      "Event id of the published video.status outcome, set after the broker confirmed it.")
  private String publishedEventId;

  @JsonPropertyDescription(
      "How far the running extraction is, 0 to 100, as the extractor last reported (recorded in"
          + " steps of at least 10 and at most every 5 s).")
  private Integer progressPercent;

  @JsonPropertyDescription("When progressPercent was last recorded (RFC 3339).")
  private String progressTime;

  @JsonPropertyDescription(
      "Frames in the ZIP: while running, as the extractor last reported (recorded with"
          + " progressPercent); once succeeded, the result's frames.")
  private Integer framesWritten;

  @JsonPropertyDescription(
      "How many time slices (indexes of one Indexed Job) extract the video; absent for one pod.")
  private Integer slices;

  @JsonPropertyDescription("Slices done out of the total, e.g. 3/8 (the Slices column).")
  private String slicesDone;

  @JsonPropertyDescription(
      "The source's duration in seconds as the probe Job measured it (when spec gives none and the"
          + " video may be sliced); 0 when the probe could not tell. The slice plan is made from it.")
  private Double sourceDurationSeconds;

  @JsonPropertyDescription(
      "The id of the S3 multipart upload a sliced video's indexes write their parts to; the"
          + " operator completes it. Not a secret: without credentials it grants nothing.")
  private String uploadId;

  @JsonPropertyDescription(
      "While Queued: the place in the whole queue (from 1), in the order the slots will go (fair"
          + " share by owner), as of the last queue heartbeat (the Queue column).")
  private Integer queuePosition;

  @JsonPropertyDescription(
      "While Queued: the place among the same owner's waiting VideoJobs (from 1), as of the last"
          + " queue heartbeat.")
  private Integer ownerQueuePosition;

  @JsonPropertyDescription(
      "While Queued: an estimate of the start from recent run times (RFC 3339; the Est. start"
          + " column), as of the last queue heartbeat; absent before any VideoJob has run.")
  private String estimatedStart;

  @JsonPropertyDescription(
      "The slice pods whose video.slice span the operator has recorded, pod uid to slice index, so"
          + " that a new leader records none of them again; a sliced Job has at most 64 slices x"
          + " (retries + 1) counted pods, and this keeps at most 1024.")
  @Size(max = MAX_TRACED_SLICE_PODS)
  private Map<String, Integer> tracedSlicePods;

  /** The most pods {@code tracedSlicePods} keeps: above 64 slices x 11 pods, with room. */
  public static final int MAX_TRACED_SLICE_PODS = 1024;

  /** A pod uid is a UUID (36 characters); a longer one is not listed. */
  public static final int MAX_POD_UID_CHARS = 36;

  public Integer getQueuePosition() {
    return queuePosition;
  }

  public void setQueuePosition(Integer queuePosition) {
    this.queuePosition = queuePosition;
  }

  public Integer getOwnerQueuePosition() {
    return ownerQueuePosition;
  }

  public void setOwnerQueuePosition(Integer ownerQueuePosition) {
    this.ownerQueuePosition = ownerQueuePosition;
  }

  public String getEstimatedStart() {
    return estimatedStart;
  }

  public void setEstimatedStart(String estimatedStart) {
    this.estimatedStart = estimatedStart;
  }

  public Double getSourceDurationSeconds() {
    return sourceDurationSeconds;
  }

  public void setSourceDurationSeconds(Double sourceDurationSeconds) {
    this.sourceDurationSeconds = sourceDurationSeconds;
  }

  public String getUploadId() {
    return uploadId;
  }

  public void setUploadId(String uploadId) {
    this.uploadId = uploadId;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public VideoJobResult getResult() {
    return result;
  }

  public void setResult(VideoJobResult result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getPublishedEventId() {
    return publishedEventId;
  }

  public void setPublishedEventId(String publishedEventId) {
    this.publishedEventId = publishedEventId;
  }

  public Integer getProgressPercent() {
    return progressPercent;
  }

  public void setProgressPercent(Integer progressPercent) {
    this.progressPercent = progressPercent;
  }

  public Integer getFramesWritten() {
    return framesWritten;
  }

  public void setFramesWritten(Integer framesWritten) {
    this.framesWritten = framesWritten;
  }

  public String getProgressTime() {
    return progressTime;
  }

  public void setProgressTime(String progressTime) {
    this.progressTime = progressTime;
  }

  public Integer getSlices() {
    return slices;
  }

  public void setSlices(Integer slices) {
    this.slices = slices;
  }

  public String getSlicesDone() {
    return slicesDone;
  }

  public void setSlicesDone(String slicesDone) {
    this.slicesDone = slicesDone;
  }

  public Map<String, Integer> getTracedSlicePods() {
    return tracedSlicePods;
  }

  public void setTracedSlicePods(Map<String, Integer> tracedSlicePods) {
    this.tracedSlicePods = tracedSlicePods;
  }

  /** Whether the span of the slice pod {@code podUid} is recorded here. */
  public boolean listsTracedSlicePod(String podUid) {
    return tracedSlicePods != null && podUid != null && tracedSlicePods.containsKey(podUid);
  }

  /**
   * Lists the pod {@code podUid} of slice {@code index} as traced unless it is listed already, is
   * no uid the status takes, or the status lists {@link #MAX_TRACED_SLICE_PODS} pods already.
   */
  public void addTracedSlicePod(String podUid, int index) {
    if (listsTracedSlicePod(podUid)
        || podUid == null
        || podUid.isEmpty()
        || podUid.length() > MAX_POD_UID_CHARS
        || (tracedSlicePods != null && tracedSlicePods.size() >= MAX_TRACED_SLICE_PODS)) {
      return;
    }
    if (tracedSlicePods == null) {
      tracedSlicePods = new LinkedHashMap<>();
    }
    tracedSlicePods.put(podUid, index);
  }
}
