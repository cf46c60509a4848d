package dev.frameflow.operator.videojob;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An object in S3: the source video or the ZIP of frames. */
public record S3ObjectRef(
    @Required @Size(min = 3, max = 63) String bucket,
    @Required @Size(min = 1, max = 1024) String key) {

  /** The form the extractor takes on its command line. */
  public String toUri() {
    return "s3://" + bucket + "/" + key;
  }
}
