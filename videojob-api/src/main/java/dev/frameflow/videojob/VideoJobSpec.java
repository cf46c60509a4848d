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

  /** A builder holding this spec's fields, to change some and keep the rest. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public VideoJobSpec withOwner(VideoJobOwner newOwner) {
    return toBuilder().owner(newOwner).build();
  }

  public VideoJobSpec withExtraction(ExtractionOptions newExtraction) {
    return toBuilder().extraction(newExtraction).build();
  }

  public VideoJobSpec withDeadlineAndRetries(Long newDeadlineSeconds, Integer newRetries) {
    return toBuilder().deadlineSeconds(newDeadlineSeconds).retries(newRetries).build();
  }

  public VideoJobSpec withResources(JobResources newResources) {
    return toBuilder().resources(newResources).build();
  }

  public VideoJobSpec withTtlSecondsAfterFinished(Long seconds) {
    return toBuilder().ttlSecondsAfterFinished(seconds).build();
  }

  /** The same spec, sliced across at most {@code pods} pods for a video of {@code duration} s. */
  public VideoJobSpec withSlicing(Integer pods, Double duration) {
    return toBuilder().maxParallelism(pods).sourceDurationSeconds(duration).build();
  }

  /** The same spec with the uploaded source's size (the probe decision reads it). */
  public VideoJobSpec withSourceSize(Long bytes) {
    return toBuilder().sourceSizeBytes(bytes).build();
  }

  /**
   * The one place besides the canonical constructor that lists every field: a new field is added
   * here and in the record header, and every {@code with*} keeps it.
   */
  public static final class Builder {
    private String videoId;
    private VideoJobOwner owner;
    private ObjectRef source;
    private ObjectRef output;
    private ExtractionOptions extraction;
    private Long deadlineSeconds;
    private Integer retries;
    private JobResources resources;
    private Long ttlSecondsAfterFinished;
    private Integer maxParallelism;
    private Double sourceDurationSeconds;
    private Long sourceSizeBytes;

    private Builder(VideoJobSpec spec) {
      this.videoId = spec.videoId;
      this.owner = spec.owner;
      this.source = spec.source;
      this.output = spec.output;
      this.extraction = spec.extraction;
      this.deadlineSeconds = spec.deadlineSeconds;
      this.retries = spec.retries;
      this.resources = spec.resources;
      this.ttlSecondsAfterFinished = spec.ttlSecondsAfterFinished;
      this.maxParallelism = spec.maxParallelism;
      this.sourceDurationSeconds = spec.sourceDurationSeconds;
      this.sourceSizeBytes = spec.sourceSizeBytes;
    }

    public Builder owner(VideoJobOwner value) {
      this.owner = value;
      return this;
    }

    public Builder extraction(ExtractionOptions value) {
      this.extraction = value;
      return this;
    }

    public Builder deadlineSeconds(Long value) {
      this.deadlineSeconds = value;
      return this;
    }

    public Builder retries(Integer value) {
      this.retries = value;
      return this;
    }

    public Builder resources(JobResources value) {
      this.resources = value;
      return this;
    }

    public Builder ttlSecondsAfterFinished(Long value) {
      this.ttlSecondsAfterFinished = value;
      return this;
    }

    public Builder maxParallelism(Integer value) {
      this.maxParallelism = value;
      return this;
    }

    public Builder sourceDurationSeconds(Double value) {
      this.sourceDurationSeconds = value;
      return this;
    }

    public Builder sourceSizeBytes(Long value) {
      this.sourceSizeBytes = value;
      return this;
    }

    public VideoJobSpec build() {
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
          sourceSizeBytes);
    }
  }
}
