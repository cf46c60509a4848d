package dev.frameflow.extractor.frameserver;

import dev.frameflow.extractor.probe.VideoInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What seeking in a source needs, per source key, least recently used evicted first, bounded by the
 * number of sources: the probe's result (duration, frame rate, rotation, start time and the demuxer
 * every later ffmpeg run is told). A frame's seek then goes straight to the container's own index
 * ({@code -ss} before {@code -i}), so a second request for the same video runs no probe and builds
 * no keyframe index.
 */
final class SourceCache {

  private final int maxEntries;
  private final LinkedHashMap<String, VideoInfo> entries;

  SourceCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, VideoInfo> eldest) {
            return size() > SourceCache.this.maxEntries;
          }
        };
  }

  synchronized VideoInfo get(String sourceKey) {
    return entries.get(sourceKey);
  }

  synchronized void put(String sourceKey, VideoInfo video) {
    if (maxEntries > 0) {
      entries.put(sourceKey, video);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
