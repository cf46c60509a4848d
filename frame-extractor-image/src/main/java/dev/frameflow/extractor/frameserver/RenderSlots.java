package dev.frameflow.extractor.frameserver;

import dev.frameflow.contracts.frames.FrameRefusal;
import dev.frameflow.contracts.frames.FrameRefusedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code maxConcurrency} renders at once on this replica and at most {@code maxPerOwner}
 * for one owner. A render that gets no slot within {@code wait} is refused ({@link
 * FrameRefusal#OWNER_BUSY} when the owner's share is taken, else {@link FrameRefusal#OVERLOADED})
 * with a {@code Retry-After}: requests never queue without bound, and one user cannot take the
 * whole replica.
 */
final class RenderSlots {

  /** A slot held: {@link #close()} gives it back. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private final Semaphore replica;
  private final int maxPerOwner;
  private final Duration wait;
  private final long retryAfterSeconds;
  private final Map<String, OwnerShare> owners = new HashMap<>();

  /** An owner's slots and how many renders hold or wait for them (the entry goes at zero). */
  private static final class OwnerShare {
    final Semaphore slots;
    int users;

    OwnerShare(int permits) {
      slots = new Semaphore(permits);
    }
  }

  RenderSlots(int maxConcurrency, int maxPerOwner, Duration wait, long retryAfterSeconds) {
    this.replica = new Semaphore(maxConcurrency);
    this.maxPerOwner = maxPerOwner;
    this.wait = wait;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A slot for {@code owner}, or a refusal after the short wait. */
  Held acquire(String owner) throws InterruptedException {
    OwnerShare share = join(owner);
    boolean ownerSlot = false;
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      ownerSlot = share.slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (!ownerSlot) {
        throw new FrameRefusedException(
            FrameRefusal.OWNER_BUSY,
            "too many renders for this user at once; try again shortly",
            retryAfterSeconds);
      }
      long left = Math.max(0, deadline - System.nanoTime());
      if (!replica.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        throw new FrameRefusedException(
            FrameRefusal.OVERLOADED,
            "the frame-server is busy; try again shortly",
            retryAfterSeconds);
      }
    } catch (RuntimeException | InterruptedException e) {
      if (ownerSlot) {
        share.slots.release();
      }
      leave(owner, share);
      throw e;
    }
    return () -> {
      replica.release();
      share.slots.release();
      leave(owner, share);
    };
  }

  /** Renders running now. */
  int inUse(int maxConcurrency) {
    return maxConcurrency - replica.availablePermits();
  }

  private synchronized OwnerShare join(String owner) {
    OwnerShare share = owners.computeIfAbsent(owner, o -> new OwnerShare(maxPerOwner));
    share.users++;
    return share;
  }

  private synchronized void leave(String owner, OwnerShare share) {
    if (--share.users == 0) {
      owners.remove(owner, share);
    }
  }

  /** Owners with a render running or waiting (for tests: no entry outlives its renders). */
  synchronized int owners() {
    return owners.size();
  }
}
