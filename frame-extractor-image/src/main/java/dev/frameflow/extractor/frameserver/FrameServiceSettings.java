package dev.frameflow.extractor.frameserver;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a frame service is bounded.
 *
 * @param sourceOrigin the only origin source URLs may point at (the object store's)
 * @param workDir where each render's scratch directory goes (an emptyDir in the pod)
 * @param maxConcurrency renders at once on this replica
 * @param maxPerOwner renders at once for one owner
 * @param frameCacheBytes the frame cache's budget
 * @param sourceCacheEntries sources whose probe is kept
 * @param sourceBytes what the open sources' relays may hold on the work volume (their container
 *     indexes and the GOPs read so far)
 * @param slotWait how long a render waits for a slot before it is refused
 * @param retryAfterSeconds the {@code Retry-After} of such a refusal
 */
public record FrameServiceSettings(
    SourceOrigin sourceOrigin,
    Path workDir,
    int maxConcurrency,
    int maxPerOwner,
    long frameCacheBytes,
    int sourceCacheEntries,
    long sourceBytes,
    Duration slotWait,
    long retryAfterSeconds) {

  public static final int DEFAULT_MAX_CONCURRENCY = 4;
  public static final int DEFAULT_MAX_PER_OWNER = 2;
  public static final int DEFAULT_FRAME_CACHE_MB = 32;
  public static final int DEFAULT_SOURCE_CACHE_ENTRIES = 256;
  public static final int DEFAULT_SOURCE_BYTES_MB = 256;
  public static final Duration DEFAULT_SLOT_WAIT = Duration.ofMillis(500);
  public static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

  public FrameServiceSettings {
    if (sourceOrigin == null) {
      throw new IllegalArgumentException("a source origin is required");
    }
    if (maxConcurrency < 1 || maxPerOwner < 1) {
      throw new IllegalArgumentException("the render limits must be at least 1");
    }
    if (frameCacheBytes < 0 || sourceCacheEntries < 0 || sourceBytes < 0) {
      throw new IllegalArgumentException("cache sizes cannot be negative");
    }
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"));
    }
    if (slotWait == null) {
      slotWait = DEFAULT_SLOT_WAIT;
    }
  }

  /** The defaults, reading sources from {@code origin} only. */
  public static FrameServiceSettings defaults(SourceOrigin origin) {
    return new FrameServiceSettings(
        origin,
        null,
        DEFAULT_MAX_CONCURRENCY,
        DEFAULT_MAX_PER_OWNER,
        DEFAULT_FRAME_CACHE_MB * 1024L * 1024,
        DEFAULT_SOURCE_CACHE_ENTRIES,
        DEFAULT_SOURCE_BYTES_MB * 1024L * 1024,
        DEFAULT_SLOT_WAIT,
        DEFAULT_RETRY_AFTER_SECONDS);
  }

  public FrameServiceSettings withLimits(int maxConcurrency, int maxPerOwner) {
    return new FrameServiceSettings(
        sourceOrigin,
        workDir,
        maxConcurrency,
        maxPerOwner,
        frameCacheBytes,
        sourceCacheEntries,
        sourceBytes,
        slotWait,
        retryAfterSeconds);
  }

  public FrameServiceSettings withWorkDir(Path dir) {
    return new FrameServiceSettings(
        sourceOrigin,
        dir,
        maxConcurrency,
        maxPerOwner,
        frameCacheBytes,
        sourceCacheEntries,
        sourceBytes,
        slotWait,
        retryAfterSeconds);
  }

  public FrameServiceSettings withCaches(long frameCacheBytes, int sourceCacheEntries) {
    return new FrameServiceSettings(
        sourceOrigin,
        workDir,
        maxConcurrency,
        maxPerOwner,
        frameCacheBytes,
        sourceCacheEntries,
        sourceBytes,
        slotWait,
        retryAfterSeconds);
  }

  public FrameServiceSettings withSlotWait(Duration wait) {
    return new FrameServiceSettings(
        sourceOrigin,
        workDir,
        maxConcurrency,
        maxPerOwner,
        frameCacheBytes,
        sourceCacheEntries,
        sourceBytes,
        wait,
        retryAfterSeconds);
  }

  public FrameServiceSettings withSourceBytes(long bytes) {
    return new FrameServiceSettings(
        sourceOrigin,
        workDir,
        maxConcurrency,
        maxPerOwner,
        frameCacheBytes,
        sourceCacheEntries,
        bytes,
        slotWait,
        retryAfterSeconds);
  }
}
