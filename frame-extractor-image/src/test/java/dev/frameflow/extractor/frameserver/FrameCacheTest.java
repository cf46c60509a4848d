package dev.frameflow.extractor.frameserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameCacheTest {

  private static RenderedImage image(int bytes) {
    return RenderedImage.of(new byte[bytes], "image/png", 0.0);
  }

  @Test
  void evictsTheLeastRecentlyUsedToStayWithinItsBytes() {
    FrameCache cache = new FrameCache(100);
    cache.put("a", image(40));
    cache.put("b", image(40));
    assertThat(cache.get("a")).isNotNull();
    cache.put("c", image(40));

    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
    assertThat(cache.bytes()).isEqualTo(80);
    assertThat(cache.hits()).isEqualTo(3);
  }

  @Test
  void aPictureLargerThanTheBudgetIsNotKept() {
    FrameCache cache = new FrameCache(10);
    cache.put("big", image(11));
    assertThat(cache.size()).isZero();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void theSourceCacheKeepsSoManySources() {
    SourceCache sources = new SourceCache(1);
    sources.put("a", null);
    sources.put("b", null);
    assertThat(sources.size()).isEqualTo(1);
  }

  @Test
  void ifNoneMatchComparesTagsWeakly() {
    RenderedImage picture = image(3);
    assertThat(picture.matches(picture.etag())).isTrue();
    assertThat(picture.matches("\"x\", W/" + picture.etag())).isTrue();
    assertThat(picture.matches("*")).isTrue();
    assertThat(picture.matches("\"x\"")).isFalse();
    assertThat(picture.matches(null)).isFalse();
  }
}
