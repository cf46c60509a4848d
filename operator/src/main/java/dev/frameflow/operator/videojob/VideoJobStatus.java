package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
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

  private Phase phase;

  private List<Condition> conditions = new ArrayList<>();
  private Long observedGeneration;
  private String jobName;
  private Integer attempts;
  private String startTime;
  private String completionTime;
  private VideoJobResult result;
  private String message;
  private String publishedEventId;

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
}
