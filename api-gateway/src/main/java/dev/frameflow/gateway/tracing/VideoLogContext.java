package dev.frameflow.gateway.tracing;

import java.util.UUID;
import org.slf4j.MDC;

/**
 * The {@code video_id} log field: every line logged while it is set names the video, so that an
 * operator can grep one video's lines across the services (the operator and the extractor use the
 * same key).
 */
public final class VideoLogContext {

  public static final String VIDEO_ID = "video_id";

  private VideoLogContext() {}

  /** Sets {@code video_id} until the entry is closed, then restores what was there before. */
  public static Entry put(UUID videoId) {
    String previous = MDC.get(VIDEO_ID);
    if (videoId != null) {
      MDC.put(VIDEO_ID, videoId.toString());
    }
    return new Entry(previous, videoId != null);
  }

  /** Restores the previous {@code video_id} on close. */
  public record Entry(String previous, boolean changed) implements AutoCloseable {
    @Override
    public void close() {
      if (!changed) {
        return;
      }
      if (previous == null) {
        MDC.remove(VIDEO_ID);
      } else {
        MDC.put(VIDEO_ID, previous);
      }
    }
  }
}
