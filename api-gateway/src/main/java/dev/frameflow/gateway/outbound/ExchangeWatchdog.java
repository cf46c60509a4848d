package dev.frameflow.gateway.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Gives an outbound exchange a deadline that holds in every phase: connecting, waiting for the
 * status, reading headers, reading the body. When it passes, the request is cancelled, which closes
 * its connection, so a blocked read ends at once. Socket timeouts cannot do this: they bound the
 * silence between two bytes, and a server that trickles a byte now and then never trips them.
 */
public final class ExchangeWatchdog implements AutoCloseable {

  private final ScheduledExecutorService timer;

  public ExchangeWatchdog(String threadName) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Cancels {@code request} at {@code deadline} unless the watch is closed first. */
  public Watch watch(Cancellable request, Instant deadline) {
    return new Watch(request, deadline);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One exchange's deadline; closing it (the exchange ended in time) disarms it. */
  public final class Watch implements AutoCloseable {

    private final Cancellable request;
    private volatile boolean expired;
    private ScheduledFuture<?> alarm;

    private Watch(Cancellable request, Instant deadline) {
      this.request = request;
      this.alarm = arm(deadline);
    }

    /** Moves the deadline (e.g. from the headers' deadline to the whole download's). */
    public synchronized void moveTo(Instant deadline) {
      if (!expired) {
        alarm.cancel(false);
        alarm = arm(deadline);
      }
    }

    /** Whether the deadline passed and the request was cancelled for it. */
    public boolean expired() {
      return expired;
    }

    private ScheduledFuture<?> arm(Instant deadline) {
      long delay = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      return timer.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
      expired = true;
      request.cancel();
    }

    @Override
    public synchronized void close() {
      alarm.cancel(false);
    }
  }
}
