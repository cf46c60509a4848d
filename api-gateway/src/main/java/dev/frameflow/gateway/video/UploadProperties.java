package dev.frameflow.gateway.video;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upload limits ({@code FRAMEFLOW_UPLOAD_*}). {@code partSize} is the S3 multipart part size and so
 * the memory one upload holds (three times: two parts sending, one filling); S3 needs >= 5 MB.
 *
 * <p>Admission: {@code maxConcurrent} uploads per replica (0 = derived from the heap, see {@link
 * UploadAdmission}), a request waits up to {@code admissionWait} for a slot, then gets 503. Per
 * user: {@code maxInFlightPerUser} uploads at once (per replica), {@code maxQueuedPerUser} videos
 * waiting, {@code maxBytesPerDay} uploaded in any 24 hours, all answered 429. A body slower than
 * {@code minThroughput} per second, measured over {@code throughputWindow} of time spent waiting
 * for the client, is cut with 408. At most {@code maxNonFileBytes} of part headers, form fields and
 * preamble.
 */
@ConfigurationProperties("frameflow.upload")
public record UploadProperties(
    @DefaultValue("2GB") DataSize maxFileSize,
    @DefaultValue("10") int maxFiles,
    @DefaultValue("8MB") DataSize partSize,
    @DefaultValue("0") int maxConcurrent,
    @DefaultValue("0.5") double heapFraction,
    @DefaultValue("2s") Duration admissionWait,
    @DefaultValue("4") int maxInFlightPerUser,
    @DefaultValue("200") int maxQueuedPerUser,
    @DefaultValue("50GB") DataSize maxBytesPerDay,
    @DefaultValue("16KB") DataSize minThroughput,
    @DefaultValue("15s") Duration throughputWindow,
    @DefaultValue("64KB") DataSize maxNonFileBytes,
    @DefaultValue("24h") Duration idempotencyRetention) {

  public UploadProperties {
    if (partSize.toBytes() < DataSize.ofMegabytes(5).toBytes()) {
      throw new IllegalArgumentException("frameflow.upload.part-size must be at least 5MB");
    }
    if (heapFraction <= 0 || heapFraction > 0.9) {
      throw new IllegalArgumentException("frameflow.upload.heap-fraction must be in (0, 0.9]");
    }
  }

  /** Memory one upload holds at most: three part buffers and the multipart reader's buffer. */
  public long bytesPerUpload() {
    return 3 * partSize.toBytes() + 64 * 1024;
  }
}
