package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.Owner;
import dev.frameflow.contracts.extraction.ExtractionOptions;
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
    @Required ObjectRef source,
    @Required ObjectRef output,
    @Required ExtractionOptions extraction,
    @Min(1) @Max(86400) Long deadlineSeconds,
    @Min(0) @Max(10) Integer retries,
    JobResources resources) {

  public VideoJobSpec withExtraction(ExtractionOptions newExtraction) {
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
