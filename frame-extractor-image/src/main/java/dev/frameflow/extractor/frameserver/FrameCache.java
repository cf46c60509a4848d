package dev.frameflow.extractor.frameserver;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently rendered pictures, least recently used evicted first, bounded by the sum of their bytes.
 * Keyed by the source key and the canonical request, so a new presigned URL for the same video
 * still hits. A picture larger than the whole budget is not kept.
 */
final class FrameCache {

  private final long maxBytes;
  private final LinkedHashMap<String, RenderedImage> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long hits;

  FrameCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized RenderedImage get(String key) {
    RenderedImage image = entries.get(key);
    if (image != null) {
      hits++;
    }
    return image;
  }

  synchronized void put(String key, RenderedImage image) {
    if (image.bytes().length > maxBytes) {
      return;
    }
    RenderedImage previous = entries.put(key, image);
    if (previous != null) {
      bytes -= previous.bytes().length;
    }
    bytes += image.bytes().length;
    Iterator<Map.Entry<String, RenderedImage>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= eldest.next().getValue().bytes().length;
      eldest.remove();
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long hits() {
    return hits;
  }
}
