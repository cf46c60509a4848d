package dev.frameflow.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobOwner;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The concurrency cap on its own: counting, fair share by owner (oldest first within one owner),
 * Jobs not yet in the cache.
 */
class JobSlotsTest {

  final VideoJob oldest = videoJob("2026-11-28T09:00:01Z");
  final VideoJob middle = videoJob("2026-11-28T09:00:02Z");
  final VideoJob newest = videoJob("2026-11-28T09:00:03Z");
  final Map<String, Boolean> jobs = new HashMap<>(); // name → finished
  final JobSlots slots = new JobSlots(2);

  @Test
  void theOldestWaitingVideoJobsGetTheSlotsAndJustCreatedJobsCount() {
    assertThat(take(newest)).as("third in line, two slots").isFalse();
    assertThat(take(oldest)).isTrue();
    assertThat(take(middle)).isTrue();
    assertThat(take(newest))
        .as("the two Jobs just created count although the cache does not show them yet")
        .isFalse();

    jobs.put(jobName(oldest), false);
    jobs.put(jobName(middle), false);
    assertThat(take(newest)).as("both Jobs in the cache, unfinished").isFalse();

    jobs.put(jobName(oldest), true);
    assertThat(take(newest)).as("a finished Job frees its slot").isTrue();
  }

  @Test
  void aFailedCreationGivesTheSlotBack() {
    assertThat(take(oldest)).isTrue();
    assertThat(take(middle)).isTrue();
    slots.release(jobName(middle));
    assertThat(take(middle)).isTrue();
  }

  @Test
  void aFreedSlotGoesToTheOwnerWithFewestRunningPodsAndTheWaitSaysWhy() {
    VideoJob adaFirst = videoJob("2026-11-28T09:00:01Z", "ada");
    VideoJob adaSecond = videoJob("2026-11-28T09:00:02Z", "ada");
    VideoJob bob = videoJob("2026-11-28T09:00:09Z", "bob");
    List<VideoJob> waiting = List.of(adaFirst, adaSecond, bob);
    Map<String, Long> runningByOwner = Map.of("ada", 1L);

    JobSlots.Cache cache = cache(waiting, runningByOwner, 1);
    assertThat(
            new JobSlots(2)
                .decide(adaFirst, jobName(adaFirst), 1, v -> 1, cache, v -> false)
                .toString())
        .as("one slot free: bob has none running, ada has one")
        .contains("waiting: 1 of 2 pods in use, owner has 1 running, 1 video ahead");
    assertThat(new JobSlots(2).tryTake(bob, jobName(bob), cache, v -> false)).isTrue();
  }

  private static JobSlots.Cache cache(
      List<VideoJob> waiting, Map<String, Long> runningByOwner, long running) {
    return new JobSlots.Cache() {
      @Override
      public long jobCount() {
        return running;
      }

      @Override
      public long videoJobCount() {
        return waiting.size();
      }

      @Override
      public boolean isCached(String jobName) {
        return false;
      }

      @Override
      public long unfinishedJobs() {
        return running;
      }

      @Override
      public Collection<VideoJob> waitingVideoJobs() {
        return waiting;
      }

      @Override
      public Map<String, Long> unfinishedPodsByOwner() {
        return runningByOwner;
      }
    };
  }

  private boolean take(VideoJob candidate) {
    List<VideoJob> all = List.of(oldest, middle, newest);
    return slots.tryTake(
        candidate,
        jobName(candidate),
        new JobSlots.Cache() {
          @Override
          public long jobCount() {
            return jobs.size();
          }

          @Override
          public long videoJobCount() {
            return all.size();
          }

          @Override
          public boolean isCached(String jobName) {
            return jobs.containsKey(jobName);
          }

          @Override
          public long unfinishedJobs() {
            return jobs.values().stream().filter(finished -> !finished).count();
          }

          @Override
          public Collection<VideoJob> waitingVideoJobs() {
            return all;
          }
        },
        v -> jobs.containsKey(jobName(v)));
  }

  private static String jobName(VideoJob videoJob) {
    return VideoJobReconciler.jobName(videoJob).orElseThrow();
  }

  private static VideoJob videoJob(String created) {
    VideoJob videoJob = VideoJobFixtures.videoJob(UUID.randomUUID());
    videoJob.getMetadata().setCreationTimestamp(created);
    return videoJob;
  }

  private static VideoJob videoJob(String created, String owner) {
    UUID id = UUID.randomUUID();
    VideoJob videoJob =
        VideoJobFixtures.videoJob(
            id, VideoJobFixtures.spec(id).withOwner(new VideoJobOwner(owner)));
    videoJob.getMetadata().setCreationTimestamp(created);
    return videoJob;
  }
}
