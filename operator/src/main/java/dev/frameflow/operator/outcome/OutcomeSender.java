package dev.frameflow.operator.outcome;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.operator.outcome.StatusPublisher.PublishFailedException;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

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
  private final RetryTemplate untilConfirmed;
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

  /** Event ids the broker confirmed, bounded: a forgotten one is at worst published again. */
  private final Cache<String, Boolean> confirmed =
      Caffeine.newBuilder().maximumSize(10_000).build();

  private volatile boolean closed;

  /**
   * @param initialRetry the first wait before an outcome is published again
   * @param maxRetry the longest wait (the wait doubles from {@code initialRetry} up to it)
   */
  public OutcomeSender(StatusPublisher publisher, Duration initialRetry, Duration maxRetry) {
    this.publisher = publisher;
    RetryTemplate retry =
        new RetryTemplate(
            RetryPolicy.builder()
                .maxRetries(Long.MAX_VALUE) // until confirmed, or until closed
                .delay(initialRetry)
                .multiplier(2)
                .maxDelay(maxRetry.compareTo(initialRetry) < 0 ? initialRetry : maxRetry)
                .predicate(e -> !closed)
                .build());
    retry.setRetryListener(
        new RetryListener() {
          @Override
          public void onRetryFailure(RetryPolicy policy, Retryable<?> publish, Throwable e) {
            if (e instanceof PublishFailedException failed) {
              log.warn("{}; retrying", failed.getMessage(), failed.getCause());
            } else {
              log.warn("publishing {} failed; retrying", publish.getName(), e);
            }
          }
        });
    this.untilConfirmed = retry;
  }

  /** Whether the broker confirmed this event id (sent by this process since it started). */
  public boolean isConfirmed(String eventId) {
    return confirmed.getIfPresent(eventId) != null;
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
    if (closed || isConfirmed(id) || !pending.add(id)) {
      return;
    }
    // the submitting span's context goes along: the message's traceparent is that span's
    thread.execute(Context.current().wrap(() -> publishUntilConfirmed(event, id, onConfirmed)));
  }

  /** A progress event: one try, dropped if the sender is backed up or the broker refuses. */
  public boolean offer(VideoStatusEvent progress) {
    if (closed || thread.getQueue().size() > MAX_QUEUED_PROGRESS) {
      return false;
    }
    thread.execute(
        Context.current()
            .wrap(
                () -> {
                  try {
                    publisher.publish(progress);
                  } catch (PublishFailedException e) {
                    log.debug(
                        "progress of video {} not published: {}",
                        progress.videoId(),
                        e.getMessage());
                  }
                }));
    return true;
  }

  private void publishUntilConfirmed(VideoStatusEvent event, String id, Runnable onConfirmed) {
    try {
      untilConfirmed.execute(
          new Retryable<Void>() {
            @Override
            public Void execute() throws PublishFailedException {
              publisher.publish(event);
              return null;
            }

            @Override
            public String getName() {
              return "video.status " + id;
            }
          });
    } catch (RetryException stopped) {
      // closed (or interrupted by close): the next operator publishes it again
      pending.remove(id);
      return;
    }
    confirmed.put(id, Boolean.TRUE);
    pending.remove(id);
    onConfirmed.run();
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
