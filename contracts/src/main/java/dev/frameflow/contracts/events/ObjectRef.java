package dev.frameflow.contracts.events;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An object in S3: a source video or a ZIP of frames. */
public record ObjectRef(
    @JsonPropertyDescription("S3 bucket name.")
        @NotBlank
        @Size(min = 3, max = 63)
        @Required
        @io.fabric8.generator.annotation.Size(min = 3, max = 63)
        String bucket,
    @JsonPropertyDescription("S3 object key.")
        @NotBlank
        @Size(max = 1024)
        @Required
        @io.fabric8.generator.annotation.Size(min = 1, max = 1024)
        String key) {

  /** {@code s3://bucket/key}, the form the extractor takes on its command line. */
  public String toUri() {
    return "s3://" + bucket + "/" + key;
  }
}
