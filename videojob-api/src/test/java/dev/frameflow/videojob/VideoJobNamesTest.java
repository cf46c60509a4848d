package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class VideoJobNamesTest {

  private static final java.util.regex.Pattern DNS_1123_LABEL =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  @Test
  void theSameVideoAlwaysGetsTheSameNames() {
    UUID id = UUID.fromString("3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10");
    assertThat(VideoJobNames.videoJob(id)).isEqualTo("video-3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10");
    assertThat(VideoJobNames.job(id)).isEqualTo(VideoJobNames.job(UUID.fromString(id.toString())));
  }

  @Test
  void namesAreValidLabelsThatFitKubernetesLimits() {
    UUID id = UUID.randomUUID();
    // Job names end up in pod labels (controller-uid, job-name): 63 characters at most.
    assertThat(VideoJobNames.job(id)).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
    assertThat(VideoJobNames.videoJob(id)).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
  }
}
