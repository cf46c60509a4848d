package dev.frameflow.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobOwner;
import dev.frameflow.videojob.VideoJobSpec;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a slice's span says, from what the caches show of its pod and Job: the pod's own times and
 * exit code when it terminated; the Job's word when the Job ended first; once per pod, across
 * leaders: the pods recorded are listed in the VideoJob's status, which a new leader reads.
 */
class SliceSpansTest {

  static final String CONTAINER = "extractor";
  static final String LAUNCH = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  final ExportedSpans exported = new ExportedSpans();
  final SliceSpans slices = new SliceSpans(exported.traces(), CONTAINER);

  @Test
  void aTerminatedPodIsOneSpanWithItsTimesIndexAndExitCodeRecordedOnce() {
    Pod failed = terminated("job-1-a", 1, 3, T0.plusSeconds(2), T0.plusSeconds(9));
    Pod running = running("job-2-b", 2, T0.plusSeconds(1));

    VideoJob videoJob = videoJob("uid", "v1");
    slices.observe(videoJob, Context.root(), job(null, null), List.of(failed, running));
    slices.observe(videoJob, Context.root(), job(null, null), List.of(failed, running));

    SpanData span = only();
    assertThat(span.getName()).isEqualTo("video.slice");
    assertThat(span.getAttributes().get(AttributeKey.longKey("slice.index"))).isEqualTo(1L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("slice.outcome")))
        .isEqualTo("failed");
    assertThat(span.getAttributes().get(AttributeKey.longKey("slice.exit_code"))).isEqualTo(3L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("video.id"))).isEqualTo("v1");
    assertThat(span.getStartEpochNanos()).isEqualTo(nanos(T0.plusSeconds(2)));
    assertThat(span.getEndEpochNanos()).isEqualTo(nanos(T0.plusSeconds(9)));
    assertThat(span.getParentSpanId()).as("the pod's TRACEPARENT").isEqualTo("00f067aa0ba902b7");
    assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void whenTheJobEndedBeforeThePodsEndShowsTheJobSaysHowTheIndexWent() {
    Pod done = running("job-0-a", 0, T0.plusSeconds(1));
    Pod cut = running("job-1-b", 1, T0.plusSeconds(1));

    slices.observe(videoJob("uid", "v1"), Context.root(), job("Complete", "0"), List.of(done));
    slices.observe(videoJob("other", "v2"), Context.root(), job("Failed", ""), List.of(cut));

    assertThat(exported.finished())
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("slice.outcome")))
        .containsExactly("succeeded", "stopped");
    assertThat(exported.finished())
        .allSatisfy(
            s -> {
              assertThat(s.getStartEpochNanos()).isEqualTo(nanos(T0.plusSeconds(1)));
              assertThat(s.getEndEpochNanos())
                  .as("the Job's end")
                  .isEqualTo(nanos(T0.plusSeconds(30)));
            });
  }

  @Test
  void theRecordedPodsAreListedInTheStatusThePassPatches() {
    Pod first = terminated("job-0-a", 0, 0, T0, T0.plusSeconds(5));
    Pod second = terminated("job-1-b", 1, 0, T0, T0.plusSeconds(6));
    Pod running = running("job-2-c", 2, T0.plusSeconds(1));
    VideoJob videoJob = videoJob("uid", "v1");

    slices.observe(videoJob, Context.root(), job(null, null), List.of(first, second, running));

    assertThat(videoJob.getStatus().getTracedSlicePods())
        .as("the ended pods, by uid, with their index; the running one is not recorded yet")
        .containsExactlyInAnyOrderEntriesOf(Map.of("uid-job-0-a", 0, "uid-job-1-b", 1));
  }

  @Test
  void aNewLeaderRecordsNoSpanForThePodsTheStatusListsAndRecordsTheOthers() {
    Pod listed = terminated("job-0-a", 0, 0, T0, T0.plusSeconds(5));
    Pod alsoListed = terminated("job-1-b", 1, 4, T0, T0.plusSeconds(6));
    Pod unlisted = terminated("job-1-c", 1, 0, T0.plusSeconds(7), T0.plusSeconds(12));
    // the old leader recorded the first two and patched the status before it went
    VideoJob videoJob = videoJob("uid", "v1", "uid-job-0-a", "uid-job-1-b");
    SliceSpans newLeader = new SliceSpans(exported.traces(), CONTAINER);

    newLeader.observe(
        videoJob, Context.root(), job(null, null), List.of(listed, alsoListed, unlisted));
    newLeader.observe(
        videoJob, Context.root(), job(null, null), List.of(listed, alsoListed, unlisted));

    SpanData span = only();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("k8s.pod.name")))
        .isEqualTo("job-1-c");
    assertThat(videoJob.getStatus().getTracedSlicePods())
        .containsOnlyKeys("uid-job-0-a", "uid-job-1-b", "uid-job-1-c");
  }

  @Test
  void aPodThisLeaderRecordedButTheStatusLacksIsListedAgainWithoutASecondSpan() {
    Pod ended = terminated("job-0-a", 0, 0, T0, T0.plusSeconds(5));
    slices.observe(videoJob("uid", "v1"), Context.root(), job(null, null), List.of(ended));
    // the next pass reads a status without it (the patch was lost, or not in the cache yet)
    VideoJob stale = videoJob("uid", "v1");

    slices.observe(stale, Context.root(), job(null, null), List.of(ended));

    assertThat(exported.finished()).hasSize(1);
    assertThat(stale.getStatus().getTracedSlicePods()).containsOnlyKeys("uid-job-0-a");
  }

  @Test
  void theIndexRangesOfAJobAreRead() {
    Job job = job("Complete", "0-2,5,7-8");
    assertThat(List.of(0L, 1L, 2L, 5L, 7L, 8L)).allMatch(i -> SliceSpans.completed(job, i));
    assertThat(List.of(3L, 4L, 6L, 9L)).noneMatch(i -> SliceSpans.completed(job, i));
  }

  @Test
  void aPodWithoutANumericIndexIsNoSlice() {
    Pod odd = terminated("job-x", 0, 0, T0, T0.plusSeconds(1));
    odd.getMetadata().setAnnotations(Map.of(MetadataKeys.JOB_COMPLETION_INDEX, "x"));
    odd.getMetadata().setLabels(Map.of());

    slices.observe(videoJob("uid", "v1"), Context.root(), job(null, null), List.of(odd));

    assertThat(exported.finished()).isEmpty();
  }

  /** A VideoJob of uid {@code uid} whose status lists {@code traced} pods (none: no status). */
  private static VideoJob videoJob(String uid, String videoId, String... traced) {
    VideoJob videoJob =
        new VideoJob(
            "vj-" + uid,
            new VideoJobSpec(
                videoId,
                new VideoJobOwner("user-1"),
                new ObjectRef("in", "source"),
                new ObjectRef("out", "frames.zip"),
                ExtractionOptions.builder().fps(1.0).build(),
                null,
                null,
                null));
    videoJob.getMetadata().setUid(uid);
    if (traced.length > 0) {
      VideoJobStatus status = new VideoJobStatus();
      Map<String, Integer> listed = new LinkedHashMap<>();
      for (String pod : traced) {
        listed.put(pod, 0);
      }
      status.setTracedSlicePods(listed);
      videoJob.setStatus(status);
    }
    return videoJob;
  }

  private SpanData only() {
    assertThat(exported.finished()).hasSize(1);
    return exported.finished().get(0);
  }

  private static Job job(String condition, String completedIndexes) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("job")
            .endMetadata()
            .withNewSpec()
            .withCompletionMode("Indexed")
            .withCompletions(3)
            .endSpec();
    if (condition == null) {
      return job.withNewStatus().endStatus().build();
    }
    return job.withNewStatus()
        .withCompletedIndexes(completedIndexes)
        .withCompletionTime(T0.plusSeconds(30).toString())
        .withConditions(new JobConditionBuilder().withType(condition).withStatus("True").build())
        .endStatus()
        .build();
  }

  private static Pod running(String name, int index, Instant startedAt) {
    return pod(
        name,
        index,
        new ContainerStateBuilder()
            .withNewRunning()
            .withStartedAt(startedAt.toString())
            .endRunning()
            .build(),
        "Running");
  }

  private static Pod terminated(String name, int index, int exit, Instant from, Instant to) {
    return pod(
        name,
        index,
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exit)
            .withStartedAt(from.toString())
            .withFinishedAt(to.toString())
            .endTerminated()
            .build(),
        exit == 0 ? "Succeeded" : "Failed");
  }

  private static Pod pod(
      String name, int index, io.fabric8.kubernetes.api.model.ContainerState state, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .withUid("uid-" + name)
        .withCreationTimestamp(T0.toString())
        .withAnnotations(Map.of(MetadataKeys.JOB_COMPLETION_INDEX, String.valueOf(index)))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(CONTAINER)
        .addNewEnv()
        .withName(JobTracing.TRACEPARENT_VARIABLE)
        .withValue(LAUNCH)
        .endEnv()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(
            new ContainerStatusBuilder().withName(CONTAINER).withState(state).build())
        .endStatus()
        .build();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
