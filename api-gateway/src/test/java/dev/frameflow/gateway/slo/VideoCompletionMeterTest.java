package dev.frameflow.gateway.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.status.VideoFinished;
import dev.frameflow.gateway.video.VideoStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The completion SLO's histogram: a video counts in its size class, against its class's bucket. */
class VideoCompletionMeterTest {

  private static final long MB = 1L << 20;
  private static final Instant UPLOADED = Instant.parse("2026-12-07T10:00:00Z");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final VideoCompletionMeter meter = new VideoCompletionMeter(meters);

  @Test
  void sizeClassesSplitAt100MbAnd1Gb() {
    assertThat(SizeClass.of(0)).isEqualTo(SizeClass.SMALL);
    assertThat(SizeClass.of(100 * MB - 1)).isEqualTo(SizeClass.SMALL);
    assertThat(SizeClass.of(100 * MB)).isEqualTo(SizeClass.MEDIUM);
    assertThat(SizeClass.of(1024 * MB - 1)).isEqualTo(SizeClass.MEDIUM);
    assertThat(SizeClass.of(1024 * MB)).isEqualTo(SizeClass.LARGE);
    assertThat(SizeClass.values())
        .extracting(SizeClass::objective)
        .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(60));
  }

  @Test
  void eachVideoCountsInItsClassWithinOrBeyondItsObjective() {
    finished(5 * MB, Duration.ofMinutes(9)); // small, in time
    finished(5 * MB, Duration.ofMinutes(11)); // small, late
    finished(500 * MB, Duration.ofMinutes(25)); // medium, in time
    finished(1500 * MB, Duration.ofMinutes(61)); // large, late (e.g. timed out)

    assertThat(timer("small").count()).isEqualTo(2);
    assertThat(withinObjective("small", SizeClass.SMALL)).isEqualTo(1);
    assertThat(timer("medium").count()).isEqualTo(1);
    assertThat(withinObjective("medium", SizeClass.MEDIUM)).isEqualTo(1);
    assertThat(timer("large").count()).isEqualTo(1);
    assertThat(withinObjective("large", SizeClass.LARGE)).isZero();
  }

  @Test
  void everyObjectiveIsABucketAndEveryClassExistsFromTheStart() {
    for (SizeClass sizeClass : SizeClass.values()) {
      assertThat(VideoCompletionMeter.BUCKETS).contains(sizeClass.objective());
      assertThat(timer(sizeClass.label()).count()).isZero();
    }
  }

  private void finished(long sizeBytes, Duration after) {
    meter.onFinished(
        new VideoFinished(
            UUID.randomUUID(), VideoStatus.SUCCEEDED, sizeBytes, UPLOADED, UPLOADED.plus(after)));
  }

  private Timer timer(String sizeClass) {
    return meters.get(VideoCompletionMeter.METRIC).tag("size_class", sizeClass).timer();
  }

  private double withinObjective(String label, SizeClass sizeClass) {
    double bound = sizeClass.objective().toNanos();
    return Arrays.stream(timer(label).takeSnapshot().histogramCounts())
        .filter(b -> b.bucket() == bound)
        .mapToDouble(CountAtBucket::count)
        .findFirst()
        .orElseThrow();
  }
}
