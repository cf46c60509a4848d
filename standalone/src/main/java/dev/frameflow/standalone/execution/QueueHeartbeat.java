package dev.frameflow.standalone.execution;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every {@code frameflow.standalone.queue-heartbeat} (10 min, well inside the stall deadline of
 * {@code frameflow.status.deadline}, 1 h), each video waiting for a worker reports QUEUED with its
 * standing: a video that waits its turn is not stalled.
 */
public class QueueHeartbeat {

  private final InProcessExtractionDispatcher dispatcher;

  public QueueHeartbeat(InProcessExtractionDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Scheduled(
      fixedDelayString = "${frameflow.standalone.queue-heartbeat:10m}",
      initialDelayString = "${frameflow.standalone.queue-heartbeat:10m}")
  public void beat() {
    dispatcher.reportQueued();
  }
}
