package dev.frameflow.gateway.video;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bounds how many uploads run at once on this replica, so their buffers always fit in the heap.
 * Each upload holds up to {@link UploadProperties#bytesPerUpload()}; by default the slots are what
 * {@code heapFraction} of the maximum heap holds (the rest is for everything else the service
 * does). Past that, a request waits a little for a slot and is then told to come back (503 with
 * {@code Retry-After}), instead of running the JVM out of memory for everybody. One user also gets
 * at most {@code maxInFlightPerUser} of the slots (429).
 */
@Component
public class UploadAdmission {

  private static final Logger log = LoggerFactory.getLogger(UploadAdmission.class);
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final UploadProperties properties;
  private final int slots;
  private final Semaphore available;
  private final ConcurrentMap<UUID, Integer> perUser = new ConcurrentHashMap<>();

  public UploadAdmission(UploadProperties properties, MeterRegistry meters) {
    this.properties = properties;
    this.slots =
        properties.maxConcurrent() > 0
            ? properties.maxConcurrent()
            : derivedSlots(Runtime.getRuntime().maxMemory(), properties);
    this.available = new Semaphore(slots, true);
    log.info(
        "at most {} concurrent uploads ({} per upload, max heap {} MiB)",
        slots,
        properties.bytesPerUpload(),
        Runtime.getRuntime().maxMemory() >> 20);
    Gauge.builder("frameflow.upload.slots.free", available, Semaphore::availablePermits)
        .description("upload slots free on this replica")
        .register(meters);
  }

  static int derivedSlots(long maxHeap, UploadProperties properties) {
    return (int)
        Math.max(1, (long) (maxHeap * properties.heapFraction()) / properties.bytesPerUpload());
  }

  public int slots() {
    return slots;
  }

  /** A slot for one upload of {@code userId}; close it when the upload is over. */
  public Slot admit(UUID userId) {
    boolean[] overLimit = {false};
    perUser.compute(
        userId,
        (id, running) -> {
          int now = running == null ? 0 : running;
          if (now >= properties.maxInFlightPerUser()) {
            overLimit[0] = true;
            return running;
          }
          return now + 1;
        });
    if (overLimit[0]) {
      throw ApiProblem.of(
          ProblemType.UPLOADS_IN_FLIGHT,
          "at most " + properties.maxInFlightPerUser() + " uploads at once per user",
          RETRY_AFTER);
    }
    boolean admitted;
    try {
      admitted = available.tryAcquire(properties.admissionWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      release(userId);
      throw ApiProblem.of(
          ProblemType.SERVER_BUSY,
          "the service is receiving as many uploads as it can; try again shortly",
          RETRY_AFTER);
    }
    return new Slot(userId);
  }

  private void release(UUID userId) {
    perUser.computeIfPresent(userId, (id, running) -> running <= 1 ? null : running - 1);
  }

  /** An admitted upload. */
  public final class Slot implements AutoCloseable {
    private final UUID userId;
    private boolean closed;

    private Slot(UUID userId) {
      this.userId = userId;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        available.release();
        release(userId);
      }
    }
  }
}
