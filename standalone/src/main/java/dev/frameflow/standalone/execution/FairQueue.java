package dev.frameflow.standalone.execution;

import dev.frameflow.contracts.scheduling.FairShare;
import dev.frameflow.contracts.scheduling.QueuePosition;
import dev.frameflow.contracts.scheduling.RecentRunTimes;
import dev.frameflow.contracts.scheduling.WaitingVideo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The standalone executor's queue: videos wait here, not in the worker pool's own FIFO queue, and
 * each free worker goes to whom {@link FairShare} says (the owner with the fewest running, then the
 * oldest video). A worker is handed a video only when one is free, so the pool never queues.
 */
final class FairQueue implements AutoCloseable {

  private record Waiting(WaitingVideo video, Runnable work) {}

  private record Running(String owner, Future<?> future, Instant started) {}

  /** Where a waiting video stands, and when it should start (empty before any run finished). */
  record Standing(QueuePosition position, Optional<Instant> estimatedStart) {}

  private final ExecutorService workers;
  private final FairShare fairShare;
  private final Clock clock;
  private final Map<UUID, Waiting> waiting = new LinkedHashMap<>();
  private final Map<UUID, Running> running = new HashMap<>();
  private final RecentRunTimes runTimes = new RecentRunTimes(50);

  FairQueue(ExecutorService workers, FairShare fairShare) {
    this(workers, fairShare, Clock.systemUTC());
  }

  FairQueue(ExecutorService workers, FairShare fairShare, Clock clock) {
    this.workers = workers;
    this.fairShare = fairShare;
    this.clock = clock;
  }

  /** Queues {@code work} for {@code videoId} unless it already waits or runs. */
  synchronized void offer(UUID videoId, String owner, Runnable work) {
    if (waiting.containsKey(videoId) || running.containsKey(videoId)) {
      return;
    }
    waiting.put(
        videoId,
        new Waiting(new WaitingVideo(videoId.toString(), owner, clock.instant(), 1), work));
    startAdmitted();
  }

  /**
   * Drops a waiting video or interrupts a running one (which holds its worker until its thread has
   * stopped); whether there was one.
   */
  synchronized boolean cancel(UUID videoId) {
    if (waiting.remove(videoId) != null) {
      return true;
    }
    Running run = running.get(videoId);
    if (run == null) {
      return false;
    }
    run.future().cancel(true);
    return true;
  }

  /** Where each waiting video stands. */
  synchronized Map<UUID, Standing> standings() {
    FairShare.Line line = line();
    Map<UUID, Standing> standings = new LinkedHashMap<>();
    for (WaitingVideo video : line.order()) {
      standings.put(UUID.fromString(video.id()), standing(line, video.id()));
    }
    return standings;
  }

  /** Where one video stands, if it waits. */
  synchronized Optional<Standing> standing(UUID videoId) {
    if (!waiting.containsKey(videoId)) {
      return Optional.empty();
    }
    return Optional.of(standing(line(), videoId.toString()));
  }

  private Standing standing(FairShare.Line line, String id) {
    QueuePosition position = line.position(id).orElseThrow();
    return new Standing(
        position, runTimes.estimatedStart(position, fairShare.cap(), clock.instant()));
  }

  synchronized int size() {
    return waiting.size() + running.size();
  }

  private FairShare.Line line() {
    Map<String, Long> runningByOwner = new HashMap<>();
    running.values().forEach(r -> runningByOwner.merge(r.owner(), 1L, Long::sum));
    List<WaitingVideo> videos = new ArrayList<>();
    waiting.values().forEach(w -> videos.add(w.video()));
    return fairShare.line(runningByOwner, videos);
  }

  private void startAdmitted() {
    for (WaitingVideo video : line().admitted()) {
      UUID videoId = UUID.fromString(video.id());
      Waiting next = waiting.remove(videoId);
      FutureTask<Void> task = new FutureTask<>(next.work(), null);
      running.put(videoId, new Running(video.owner(), task, clock.instant()));
      workers.execute(
          () -> {
            try {
              task.run();
            } finally {
              finished(videoId, task);
            }
          });
    }
  }

  private synchronized void finished(UUID videoId, Future<?> task) {
    Running run = running.get(videoId);
    if (run != null && run.future() == task) {
      running.remove(videoId);
      runTimes.record(Duration.between(run.started(), clock.instant()));
    }
    startAdmitted();
  }

  @Override
  public synchronized void close() {
    waiting.clear();
    workers.shutdownNow();
  }
}
