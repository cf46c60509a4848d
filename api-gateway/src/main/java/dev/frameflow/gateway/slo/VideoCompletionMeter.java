package dev.frameflow.gateway.slo;

import dev.frameflow.gateway.status.VideoFinished;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The histogram {@code frameflow_video_completion_seconds{size_class}}: from a video's upload to
 * its final state (SUCCEEDED or FAILED, timed out included; a cancel by its owner is not counted),
 * with a bucket at each {@link SizeClass}'s objective. Every class is registered at start, so the
 * series exist (at zero) before the first video finishes.
 */
@Component
public class VideoCompletionMeter {

  public static final String METRIC = "frameflow.video.completion";

  /** Buckets: the three objectives and enough around them to read a distribution. */
  static final Duration[] BUCKETS = {
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofMinutes(60),
    Duration.ofHours(2),
    Duration.ofHours(4)
  };

  private final Map<SizeClass, Timer> timers = new EnumMap<>(SizeClass.class);

  public VideoCompletionMeter(MeterRegistry meters) {
    for (SizeClass sizeClass : SizeClass.values()) {
      timers.put(
          sizeClass,
          Timer.builder(METRIC)
              .description("Time from a video's upload to its final state, by size class")
              .tag("size_class", sizeClass.label())
              .serviceLevelObjectives(BUCKETS)
              .register(meters));
    }
  }

  @EventListener
  public void onFinished(VideoFinished finished) {
    Duration taken = Duration.between(finished.uploadedAt(), finished.finishedAt());
    timers
        .get(SizeClass.of(finished.sizeBytes()))
        .record(taken.isNegative() ? Duration.ZERO : taken);
  }
}
