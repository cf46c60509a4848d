package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * What to extract from which video, and how long and how often to try. Null optional fields take
 * the operator's defaults ({@code frameflow.operator.*}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VideoJobSpec(
    @Required @Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        String videoId,
    @Required Owner owner,
    @Required S3ObjectRef source,
    @Required S3ObjectRef output,
    @Required Extraction extraction,
    @Min(1) @Max(86400) Long deadlineSeconds,
    @Min(0) @Max(10) Integer retries,
    JobResources resources) {

  public VideoJobSpec withExtraction(Extraction newExtraction) {
    return new VideoJobSpec(
        videoId, owner, source, output, newExtraction, deadlineSeconds, retries, resources);
  }

  public VideoJobSpec withDeadlineAndRetries(Long newDeadlineSeconds, Integer newRetries) {
    return new VideoJobSpec(
        videoId, owner, source, output, extraction, newDeadlineSeconds, newRetries, resources);
  }

  public VideoJobSpec withResources(JobResources newResources) {
    return new VideoJobSpec(
        videoId, owner, source, output, extraction, deadlineSeconds, retries, newResources);
  }
}
