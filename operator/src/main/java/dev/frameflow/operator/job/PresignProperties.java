package dev.frameflow.operator.job;

import dev.frameflow.contracts.upload.PresignedAccess;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code frameflow.presign.*}: the URLs each extraction Job gets instead of credentials.
 *
 * @param resultPartSize size of each presigned part of the ZIP (5–64 MB; the extractor holds one)
 * @param resultParts how many parts are presigned (at most 400: they travel in a Secret); with the
 *     part size this is the largest ZIP a Job can write (default 32 MB × 256 = 8 GiB)
 * @param validityMargin added to the Job's deadline for the URLs' lifetime (the pod may wait for a
 *     node before its deadline starts to count)
 */
@ConfigurationProperties("frameflow.presign")
public record PresignProperties(
    @DefaultValue("32MB") DataSize resultPartSize,
    @DefaultValue("256") int resultParts,
    @DefaultValue("10m") Duration validityMargin) {

  public PresignProperties {
    long part = resultPartSize.toBytes();
    if (part < PresignedAccess.MIN_PART_SIZE_BYTES || part > PresignedAccess.MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("frameflow.presign.result-part-size must be 5MB..64MB");
    }
    if (resultParts < 1 || resultParts > PresignedAccess.MAX_PARTS) {
      throw new IllegalArgumentException(
          "frameflow.presign.result-parts must be 1.." + PresignedAccess.MAX_PARTS);
    }
  }

  public static PresignProperties defaults() {
    return new PresignProperties(DataSize.ofMegabytes(32), 256, Duration.ofMinutes(10));
  }

  /** The largest ZIP a Job can write. */
  public long maxResultBytes() {
    return resultPartSize.toBytes() * resultParts;
  }
}
