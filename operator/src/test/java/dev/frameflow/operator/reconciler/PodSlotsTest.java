package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.VideoJob;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cap counts pods: a sliced video's Indexed Job takes one slot per index, oldest first. */
class PodSlotsTest {

  final VideoJob oldest = videoJob("2026-11-28T09:00:01Z");
  final VideoJob middle = videoJob("2026-11-28T09:00:02Z");
  final VideoJob newest = videoJob("2026-11-28T09:00:03Z");
  final Map<VideoJob, Integer> pods = new HashMap<>();
  final Map<String, Integer> runningPods = new HashMap<>(); // cached unfinished Jobs
  final Map<String, Integer> finishedPods = new HashMap<>();
  final JobSlots slots = new JobSlots(4);

  @Test
  void slicedJobsTakeASlotPerPodAndTheOldestComeFirst() {
    pods.put(oldest, 3);
    pods.put(middle, 1);
    pods.put(newest, 2);
    assertThat(take(newest)).as("3 + 1 pods of older VideoJobs come first").isFalse();
    assertThat(take(oldest)).isTrue();
    assertThat(take(middle)).isTrue();
    assertThat(take(newest)).as("4 of 4 pods taken").isFalse();

    runningPods.put(jobName(oldest), 3);
    runningPods.put(jobName(middle), 1);
    assertThat(take(newest)).as("both Jobs cached, unfinished").isFalse();

    finishedPods.put(jobName(oldest), runningPods.remove(jobName(oldest)));
    assertThat(take(newest)).as("3 pods freed, 2 needed").isTrue();
  }

  @Test
  void aSlicedVideoWaitingForItsPodsIsNotOvertakenByYoungerOnePodVideos() {
    pods.put(oldest, 4);
    pods.put(middle, 1);
    pods.put(newest, 1);
    runningPods.put("extract-someone-else", 1);
    assertThat(take(oldest)).as("3 pods free, 4 needed").isFalse();
    assertThat(take(newest)).as("would overtake the oldest").isFalse();

    finishedPods.put("extract-someone-else", runningPods.remove("extract-someone-else"));
    assertThat(take(oldest)).isTrue();
  }

  private boolean take(VideoJob candidate) {
    List<VideoJob> all = List.of(oldest, middle, newest);
    return slots.tryTake(
        candidate,
        jobName(candidate),
        pods.get(candidate),
        pods::get,
        new JobSlots.Cache() {
          @Override
          public long jobCount() {
            return runningPods.size() + finishedPods.size();
          }

          @Override
          public long podCount() {
            return sum(runningPods) + sum(finishedPods);
          }

          @Override
          public long videoJobCount() {
            return all.size();
          }

          @Override
          public boolean isCached(String jobName) {
            return runningPods.containsKey(jobName) || finishedPods.containsKey(jobName);
          }

          @Override
          public long unfinishedJobs() {
            return runningPods.size();
          }

          @Override
          public long unfinishedPods() {
            return sum(runningPods);
          }

          @Override
          public Collection<VideoJob> waitingVideoJobs() {
            return all;
          }
        },
        v -> isCachedJob(jobName(v)));
  }

  private boolean isCachedJob(String name) {
    return runningPods.containsKey(name) || finishedPods.containsKey(name);
  }

  private static long sum(Map<String, Integer> pods) {
    return pods.values().stream().mapToLong(Integer::longValue).sum();
  }

  private static String jobName(VideoJob videoJob) {
    return VideoJobReconciler.jobName(videoJob).orElseThrow();
  }

  private static VideoJob videoJob(String created) {
    VideoJob videoJob = VideoJobFixtures.videoJob(UUID.randomUUID());
    videoJob.getMetadata().setCreationTimestamp(created);
    return videoJob;
  }
}
