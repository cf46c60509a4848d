package dev.frameflow.gateway.video;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upload limits ({@code FRAMEFLOW_UPLOAD_*}). {@code partSize} is the S3 multipart part size and so
 * the memory one upload holds (three times: two parts sending, one filling); S3 needs >= 5 MB.
 */
@ConfigurationProperties("frameflow.upload")
public record UploadProperties(
    @DefaultValue("2GB") DataSize maxFileSize,
    @DefaultValue("10") int maxFiles,
    @DefaultValue("8MB") DataSize partSize) {

  public UploadProperties {
    if (partSize.toBytes() < DataSize.ofMegabytes(5).toBytes()) {
      throw new IllegalArgumentException("frameflow.upload.part-size must be at least 5MB");
    }
  }
}
