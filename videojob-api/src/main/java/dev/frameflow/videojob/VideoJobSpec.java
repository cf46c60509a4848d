package dev.frameflow.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.slicing.SlicePlan;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What to extract from which video, and how long and how often to try. Null optional fields take
 * the operator's defaults ({@code frameflow.operator.*}). Immutable once created (the CRD's CEL
 * rule on {@code VideoJob.spec}): a Job's pod template cannot change, so a different extraction is
 * a new VideoJob.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: delete the VideoJob and create a new one")
public record VideoJobSpec(
    @JsonPropertyDescription("The video's id in the api-gateway (a UUID); names the Job.")
        @Required
        @Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        String videoId,
    @JsonPropertyDescription(
            "Whose video it is, by user id (no email: that stays in the api-gateway).")
        @Required
        VideoJobOwner owner,
    @JsonPropertyDescription("The uploaded video in S3.") @Required ObjectRef source,
    @JsonPropertyDescription("Where the ZIP of frames goes in S3.") @Required ObjectRef output,
    @JsonPropertyDescription("Which frames to take and how to encode them.") @Required
        ExtractionOptions extraction,
    @JsonPropertyDescription(
            "Seconds the Job may run (activeDeadlineSeconds), 1 to 86400; default from the operator.")
        @Min(1)
        @Max(86400)
        Long deadlineSeconds,
    @JsonPropertyDescription(
            "Pods retried after a transient failure (backoffLimit), 0 to 10; default from the operator.")
        @Min(0)
        @Max(10)
        Integer retries,
    @JsonPropertyDescription(
            "Overrides of the extractor container's requests and limits, key by key.")
        JobResources resources,
    @JsonPropertyDescription(
            "Seconds a finished VideoJob is kept after its outcome is published, then deleted;"
                + " default from the operator (24 h). The video stays in the api-gateway.")
        @Min(0)
        @Max(31536000)
        Long ttlSecondsAfterFinished,
    @JsonPropertyDescription(
            "The most pods that may extract this video at once, 1 to 64 (default: the operator's"
                + " frameflow.operator.slicing.default-max-parallelism, 1 unless configured). Above"
                + " 1 a video longer than one slice (10 minutes by default) is cut into time"
                + " slices, run as one Indexed Job and merged into one ZIP; the operator-wide cap"
                + " (frameflow.operator.max-concurrent-jobs, counting pods) caps it too.")
        @Min(1)
        @Max(SlicePlan.MAX_SLICES)
        Integer maxParallelism,
    @JsonPropertyDescription(
            "The video's duration in seconds when whoever creates the VideoJob knows it; the"
                + " slice plan needs it. Unknown: a video that may be sliced is measured first by"
                + " a short probe Job (status.sourceDurationSeconds).")
        @Min(0)
        @Max(86400)
        Double sourceDurationSeconds,
    @JsonPropertyDescription(
            "The uploaded video's size in bytes, from the upload. A video smaller than"
                + " frameflow.operator.slicing.probe-min-source-size (64 MB) is taken to be shorter"
                + " than one slice and is not probed.")
        @Min(0)
        Long sourceSizeBytes) {

  public VideoJobSpec(
      String videoId,
      VideoJobOwner owner,
      ObjectRef source,
      ObjectRef output,
      ExtractionOptions extraction,
      Long deadlineSeconds,
      Integer retries,
      JobResources resources) {
    this(
        videoId,
        owner,
        source,
        output,
        extraction,
        deadlineSeconds,
        retries,
        resources,
        null,
        null,
        null,
        null);
  }

  public VideoJobSpec withOwner(VideoJobOwner newOwner) {
    return new VideoJobSpec(
        videoId,
        newOwner,
        source,
        output,
        extraction,
        deadlineSeconds,
        retries,
        resources,
        ttlSecondsAfterFinished,
        maxParallelism,
        sourceDurationSeconds,
        sourceSizeBytes);
  }

  public VideoJobSpec withExtraction(ExtractionOptions newExtraction) {
    return new VideoJobSpec(
        videoId,
        owner,
        source,
        output,
        newExtraction,
        deadlineSeconds,
        retries,
        resources,
        ttlSecondsAfterFinished,
        maxParallelism,
        sourceDurationSeconds,
        sourceSizeBytes);
  }

  public VideoJobSpec withDeadlineAndRetries(Long newDeadlineSeconds, Integer newRetries) {
    return new VideoJobSpec(
        videoId,
        owner,
        source,
        output,
        extraction,
        newDeadlineSeconds,
        newRetries,
        resources,
        ttlSecondsAfterFinished,
        maxParallelism,
        sourceDurationSeconds,
        sourceSizeBytes);
  }

  public VideoJobSpec withResources(JobResources newResources) {
    return new VideoJobSpec(
        videoId,
        owner,
        source,
        output,
        extraction,
        deadlineSeconds,
        retries,
        newResources,
        ttlSecondsAfterFinished,
        maxParallelism,
        sourceDurationSeconds,
        sourceSizeBytes);
  }

  public VideoJobSpec withTtlSecondsAfterFinished(Long seconds) {
    return new VideoJobSpec(
        videoId,
        owner,
        source,
        output,
        extraction,
        deadlineSeconds,
        retries,
        resources,
        seconds,
        maxParallelism,
        sourceDurationSeconds,
        sourceSizeBytes);
  }

  /** The same spec, sliced across at most {@code pods} pods for a video of {@code duration} s. */
  public VideoJobSpec withSlicing(Integer pods, Double duration) {
    return new VideoJobSpec(
        videoId,
        owner,
        source,
        output,
        extraction,
        deadlineSeconds,
        retries,
        resources,
        ttlSecondsAfterFinished,
        pods,
        duration,
        sourceSizeBytes);
  }

  /** The same spec with the uploaded source's size (the probe decision reads it). */
  public VideoJobSpec withSourceSize(Long bytes) {
    return new VideoJobSpec(
        videoId,
        owner,
        source,
        output,
        extraction,
        deadlineSeconds,
        retries,
        resources,
        ttlSecondsAfterFinished,
        maxParallelism,
        sourceDurationSeconds,
        bytes);
  }
}
