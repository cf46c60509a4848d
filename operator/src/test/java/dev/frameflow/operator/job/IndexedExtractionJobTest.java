package dev.frameflow.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Job of a video cut into time slices: one Indexed Job, retried per index. */
class IndexedExtractionJobTest {

  static final UUID VIDEO = UUID.fromString("3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10");
  final ExtractionJobBuilder builder =
      new ExtractionJobBuilder(
          OperatorProperties.defaults("ghcr.io/frameflow/frame-extractor:1.0")
              .withMaxConcurrentJobs(6));

  @Test
  void aLongVideoWithParallelismIsOneIndexedJobOfOneSlicePerTenMinutes() {
    // 35 minutes: 4 slices, under maxParallelism 8 and the cap 6
    Job job = builder.build(videoJob(VideoJobFixtures.spec(VIDEO).withSlicing(8, 35 * 60.0)));

    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(4);
    assertThat(job.getSpec().getParallelism()).isEqualTo(4);
    assertThat(SlicedJobs.podsOf(job)).isEqualTo(4);
    assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(2);
    assertThat(job.getSpec().getMaxFailedIndexes()).isZero();
    assertThat(job.getSpec().getBackoffLimit()).isNull();
    var failJob = job.getSpec().getPodFailurePolicy().getRules().get(0);
    assertThat(failJob.getAction()).isEqualTo("FailJob");
    assertThat(failJob.getOnExitCodes().getValues()).containsExactly(ExitCodes.BAD_INPUT);

    var args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertThat(args).doesNotContain("--upload");
    assertThat(args.get(0)).isEqualTo("slice");
    assertThat(String.join(" ", args)).endsWith("--slices 4");
    // every index has the same pod template: one projected token, no Secret, no URL in the Job;
    // each index's part URLs are granted to that index's pod alone (AccessEndpointIT)
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .noneMatch(v -> v.getSecret() != null)
        .filteredOn(v -> v.getProjected() != null)
        .hasSize(1);
  }

  @Test
  void theSlicesAreCappedByTheOperatorWideCapAndByTheSpec() {
    assertThat(
            builder
                .build(videoJob(VideoJobFixtures.spec(VIDEO).withSlicing(64, 4 * 3600.0)))
                .getSpec()
                .getCompletions())
        .isEqualTo(6);
    assertThat(
            builder
                .build(videoJob(VideoJobFixtures.spec(VIDEO).withSlicing(3, 4 * 3600.0)))
                .getSpec()
                .getCompletions())
        .isEqualTo(3);
  }

  @Test
  void shortVideosUnknownDurationsAndNoParallelismStayOnePod() {
    for (VideoJobSpec spec :
        new VideoJobSpec[] {
          VideoJobFixtures.spec(VIDEO).withSlicing(8, 590.0),
          VideoJobFixtures.spec(VIDEO).withSlicing(8, null),
          VideoJobFixtures.spec(VIDEO).withSlicing(null, 3600.0),
          VideoJobFixtures.spec(VIDEO)
        }) {
      Job job = builder.build(videoJob(spec));
      assertThat(job.getSpec().getCompletionMode()).isNull();
      assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
      assertThat(job.getSpec().getCompletions()).isNull();
      assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
          .contains("--source", "--output")
          .doesNotContain("--slices");
    }
  }

  private static VideoJob videoJob(VideoJobSpec spec) {
    VideoJob videoJob = VideoJobFixtures.videoJob(VIDEO, spec);
    videoJob.getMetadata().setUid("uid-1");
    videoJob.getMetadata().setGeneration(3L);
    return videoJob;
  }
}
