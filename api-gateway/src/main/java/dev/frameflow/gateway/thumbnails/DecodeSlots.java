package dev.frameflow.gateway.thumbnails;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * How many ZIP directories and frames this replica reads and decodes at once, in all and per user.
 * Each decode holds up to a frame's bytes and its decoded pixels: without a bound, a few parallel
 * requests for large frames take the heap of the replica, whoever sends them.
 */
@Component
public class DecodeSlots {

  private final ThumbnailProperties properties;
  private final Semaphore replica;
  // a user's semaphore lives while one of its requests holds it; an idle one is collected
  private final Cache<UUID, Semaphore> users = Caffeine.newBuilder().weakValues().build();

  public DecodeSlots(ThumbnailProperties properties) {
    this.properties = properties;
    this.replica = new Semaphore(properties.maxDecodes(), true);
  }

  /** A held slot; closing it gives it back. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes a slot of the user and one of the replica, waiting at most {@code queueWait} in all.
   *
   * @throws ApiProblem 429 {@code too-many-thumbnail-requests} when the user's slots stay taken,
   *     503 {@code server-busy} when the replica's do
   */
  public Slot take(UUID userId) {
    long deadline = System.nanoTime() + properties.queueWait().toNanos();
    Semaphore user = users.get(userId, id -> new Semaphore(properties.maxDecodesPerUser(), true));
    if (!acquire(user, deadline)) {
      throw ApiProblem.of(
          ProblemType.TOO_MANY_THUMBNAIL_REQUESTS,
          "at most "
              + properties.maxDecodesPerUser()
              + " thumbnails are made for one user at once: retry in a moment",
          properties.retryAfter());
    }
    if (!acquire(replica, deadline)) {
      user.release();
      throw ApiProblem.of(
          ProblemType.SERVER_BUSY,
          "the server is making as many thumbnails as it can: retry in a moment",
          properties.retryAfter());
    }
    return () -> {
      replica.release();
      user.release();
    };
  }

  private static boolean acquire(Semaphore semaphore, long deadline) {
    try {
      return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
