package dev.frameflow.operator.slicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobSpec;
import dev.frameflow.videojob.VideoJobStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a video is probed, and how many slices its duration makes. */
class SlicingPolicyTest {

  static final UUID VIDEO = UUID.fromString("3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10");
  static final SlicingPolicy DEFAULT_FOUR = new SlicingPolicy(600, 4);

  @Test
  void aVideoThatMaySliceWithoutADurationIsProbed() {
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(null, null), null), 8)).isTrue();
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(3, null), null), 8)).isTrue();
    // the spec-only policy probes only what the spec itself allows to slice
    assertThat(SlicingPolicy.SPEC_ONLY.needsProbe(videoJob(spec(3, null), null), 8)).isTrue();
  }

  @Test
  void anUploadSmallerThanTheThresholdRunsAtOnceWithoutAProbe() {
    SlicingPolicy from64MB = new SlicingPolicy(600, 4, 64L << 20);
    // known small: one pod at once, no probe
    assertThat(from64MB.needsProbe(videoJob(spec(null, null).withSourceSize(1L << 20), null), 8))
        .isFalse();
    assertThat(from64MB.slicesFor(videoJob(spec(null, null).withSourceSize(1L << 20), null), 8))
        .isEqualTo(1);
    // at the threshold, or of unknown size (a VideoJob applied by hand): probed
    assertThat(from64MB.needsProbe(videoJob(spec(null, null).withSourceSize(64L << 20), null), 8))
        .isTrue();
    assertThat(from64MB.needsProbe(videoJob(spec(null, null), null), 8)).isTrue();
    // a known duration still slices a small upload (nothing to probe)
    assertThat(from64MB.slicesFor(videoJob(spec(null, 1800.0).withSourceSize(1L << 20), null), 8))
        .isEqualTo(3);
    assertThatThrownBy(() -> new SlicingPolicy(600, 4, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingIsProbedWhereOnlyOnePodMayRun() {
    // the spec says one pod
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(1, null), null), 8)).isFalse();
    // the operator says one pod by default
    assertThat(SlicingPolicy.SPEC_ONLY.needsProbe(videoJob(spec(null, null), null), 8)).isFalse();
    // the operator-wide cap is one pod
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(8, null), null), 1)).isFalse();
  }

  @Test
  void aKnownDurationIsNotProbedAgain() {
    // given by the spec
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(null, 1800.0), null), 8)).isFalse();
    // recorded by an earlier probe, including "could not tell" (0)
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(null, null), 1800.0), 8)).isFalse();
    assertThat(DEFAULT_FOUR.needsProbe(videoJob(spec(null, null), 0.0), 8)).isFalse();
  }

  @Test
  void theSliceCountComesFromTheProbedDurationUnderBothCaps() {
    // 35 minutes in 10-minute slices: 4, within the default 4 and the cap 8
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(null, null), 35 * 60.0), 8)).isEqualTo(4);
    // the default parallelism caps it
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(null, null), 4 * 3600.0), 8)).isEqualTo(4);
    // the spec's own maxParallelism wins over the default, the operator-wide cap over both
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(16, null), 4 * 3600.0), 8)).isEqualTo(8);
    // the spec's duration wins over the status's
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(null, 600.0), 3600.0), 8)).isEqualTo(1);
    // shorter than one slice, unknown, or "could not tell": one pod
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(null, null), 599.0), 8)).isEqualTo(1);
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(null, null), null), 8)).isEqualTo(1);
    assertThat(DEFAULT_FOUR.slicesFor(videoJob(spec(null, null), 0.0), 8)).isEqualTo(1);
  }

  @Test
  void theSliceLengthIsConfigurableAndCountsTheSampledSpanOnly() {
    SlicingPolicy twoSeconds = new SlicingPolicy(2, 8);
    assertThat(twoSeconds.slicesFor(videoJob(spec(null, null), 6.0), 8)).isEqualTo(3);
    // only 1 s to 5 s is sampled: 2 slices
    VideoJobSpec window =
        spec(null, null)
            .withExtraction(
                ExtractionOptions.builder()
                    .fps(1.0)
                    .format(ImageFormat.JPEG)
                    .start(1.0)
                    .end(5.0)
                    .build());
    assertThat(twoSeconds.slicesFor(videoJob(window, 6.0), 8)).isEqualTo(2);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new SlicingPolicy(0, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlicingPolicy(600, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlicingPolicy(600, 65))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static VideoJobSpec spec(Integer maxParallelism, Double duration) {
    return VideoJobFixtures.spec(VIDEO).withSlicing(maxParallelism, duration);
  }

  private static VideoJob videoJob(VideoJobSpec spec, Double probed) {
    VideoJob videoJob = VideoJobFixtures.videoJob(VIDEO, spec);
    if (probed != null) {
      videoJob.setStatus(new VideoJobStatus());
      videoJob.getStatus().setSourceDurationSeconds(probed);
    }
    return videoJob;
  }
}
