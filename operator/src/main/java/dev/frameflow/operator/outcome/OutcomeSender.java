package dev.frameflow.operator.outcome;

import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.operator.outcome.StatusPublisher.PublishFailedException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code video.status} on a thread of its own, so that a broker outage never holds a
 * reconcile thread (a confirm can take the connect timeout plus the confirm timeout). Outcomes are
 * retried with backoff until the broker confirms them, then {@code onConfirmed} runs (the
 * reconciler records the event id from there). Progress events are best effort: tried once, dropped
 * when the broker is slow, since a newer one or the outcome follows.
 */
public class OutcomeSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutcomeSender.class);
  private static final int MAX_QUEUED_PROGRESS = 1000;

  private final StatusPublisher publisher;
  private final Duration initialRetry;
  private final Duration maxRetry;
  private final ThreadPoolExecutor thread =
      (ThreadPoolExecutor)
          Executors.newFixedThreadPool(
              1,
              r -> {
                Thread t = new Thread(r, "outcome-sender");
                t.setDaemon(true);
                return t;
              });
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Set<String> confirmed =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));
  private volatile boolean closed;

  public OutcomeSender(StatusPublisher publisher, Duration initialRetry, Duration maxRetry) {
    this.publisher = publisher;
    this.initialRetry = initialRetry;
    this.maxRetry = maxRetry.compareTo(initialRetry) < 0 ? initialRetry : maxRetry;
  }

  /** Whether the broker confirmed this event id (sent by this process since it started). */
  public boolean isConfirmed(String eventId) {
    return confirmed.contains(eventId);
  }

  /** Whether the event is queued or being retried. */
  public boolean isPending(String eventId) {
    return pending.contains(eventId);
  }

  /**
   * Queues an outcome unless it is already queued or confirmed; {@code onConfirmed} runs on the
   * sender's thread after the broker's confirm.
   */
  public void submit(VideoStatusEvent event, Runnable onConfirmed) {
    String id = event.eventId().toString();
    if (closed || confirmed.contains(id) || !pending.add(id)) {
      return;
    }
    thread.execute(() -> publishUntilConfirmed(event, id, onConfirmed));
  }

  /** A progress event: one try, dropped if the sender is backed up or the broker refuses. */
  public void offer(VideoStatusEvent progress) {
    if (closed || thread.getQueue().size() > MAX_QUEUED_PROGRESS) {
      return;
    }
    thread.execute(
        () -> {
          try {
            publisher.publish(progress);
          } catch (PublishFailedException e) {
            log.debug("progress of video {} not published: {}", progress.videoId(), e.getMessage());
          }
        });
  }

  private void publishUntilConfirmed(VideoStatusEvent event, String id, Runnable onConfirmed) {
    Duration delay = initialRetry;
    while (!closed) {
      try {
        publisher.publish(event);
        confirmed.add(id);
        pending.remove(id);
        onConfirmed.run();
        return;
      } catch (PublishFailedException e) {
        log.warn("{}; retrying in {}", e.getMessage(), delay, e.getCause());
      } catch (RuntimeException e) {
        log.warn("publishing video.status {} failed; retrying in {}", id, delay, e);
      }
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      delay = delay.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : delay.multipliedBy(2);
    }
    pending.remove(id);
  }

  /** Events still queued; for the health of the operator and tests. */
  public int backlog() {
    return pending.size();
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
  }

  ExecutorService executor() {
    return thread;
  }
}
