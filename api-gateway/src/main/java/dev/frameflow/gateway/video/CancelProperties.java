package dev.frameflow.gateway.video;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cancels ({@code DELETE /api/videos/{id}}, {@code FRAMEFLOW_CANCEL_*}): a user may cancel {@code
 * maxPerUser} videos per {@code window}, counted over every replica. Each cancel is an event the
 * operator writes down in Kubernetes (a tombstone) and two object deletions; the queue and daily
 * byte quotas bound uploads, this bounds the cancels that upload-and-cancel loops add.
 */
@ConfigurationProperties("frameflow.cancel")
public record CancelProperties(
    @DefaultValue("60") int maxPerUser, @DefaultValue("1h") Duration window) {

  public CancelProperties {
    if (maxPerUser < 1) {
      throw new IllegalArgumentException("frameflow.cancel.max-per-user must be at least 1");
    }
  }
}
