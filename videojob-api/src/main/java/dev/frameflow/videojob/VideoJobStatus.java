package dev.frameflow.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's record of a VideoJob. {@code publishedEventId} is set only after the broker has
 * confirmed the {@code video.status} event of the final outcome, so an empty value on a final phase
 * means "publish (again) with the same event id".
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
}
