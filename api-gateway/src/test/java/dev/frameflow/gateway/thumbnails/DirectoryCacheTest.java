package dev.frameflow.gateway.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import dev.frameflow.archive.ZipEntryRef;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The ZIP directory cache holds a number of bytes, whatever the frame count of each directory. */
class DirectoryCacheTest {

  private static final long BOUND = 1024 * 1024;

  @Test
  void directoriesOfManyFramesAreEvictedByTheirBytesNotTheirCount() {
    Cache<UUID, List<ZipEntryRef>> cache = FrameThumbnails.directoryCache(BOUND);
    List<ZipEntryRef> large = directory(7_000); // about 0.8 MB: two never fit
    for (int i = 0; i < 20; i++) {
      cache.put(UUID.randomUUID(), large);
    }
    cache.cleanUp();

    var eviction = cache.policy().eviction().orElseThrow();
    assertThat(eviction.isWeighted()).isTrue();
    assertThat(eviction.weightedSize().orElseThrow()).isLessThanOrEqualTo(BOUND);
    assertThat(FrameThumbnails.directoryWeight(large)).isGreaterThan((int) (BOUND / 2));
    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(1);
  }

  @Test
  void smallDirectoriesShareTheSameBytesInLargeNumbers() {
    Cache<UUID, List<ZipEntryRef>> cache = FrameThumbnails.directoryCache(BOUND);
    List<ZipEntryRef> small = directory(10); // under 1.5 KB each
    for (int i = 0; i < 500; i++) {
      cache.put(UUID.randomUUID(), small);
    }
    cache.cleanUp();

    assertThat(cache.estimatedSize()).isEqualTo(500);
    assertThat(FrameThumbnails.directoryWeight(small) * 500L).isLessThanOrEqualTo(BOUND);
  }

  private static List<ZipEntryRef> directory(int frames) {
    return IntStream.range(0, frames)
        .mapToObj(n -> new ZipEntryRef("frame_%06d_t%09.3f.jpg".formatted(n, n / 2.0), 0, 1000, n))
        .toList();
  }
}
