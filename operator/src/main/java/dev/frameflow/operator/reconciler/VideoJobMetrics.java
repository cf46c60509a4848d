package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What operations watch: {@code frameflow_videojobs{phase}} (the queue depth is the Queued ones),
 * and three histograms — queue wait (VideoJob created → Job created), extraction time (Job started
 * → final phase) and upload-to-outcome time (VideoJob created → outcome published).
 */
final class VideoJobMetrics {

  private final Timer queueWait;
  private final Timer extraction;
  private final Timer uploadToOutcome;

  VideoJobMetrics(MeterRegistry meters, VideoJobEventSources sources) {
    for (Phase phase : Phase.values()) {
      Gauge.builder("frameflow.videojobs", sources, s -> s.countInPhase(phase.name()))
          .description("VideoJobs in the operator's cache by phase (Queued: the queue depth)")
          .tag("phase", phase.name())
          .register(meters);
    }
    queueWait =
        histogram(meters, "frameflow.videojob.queue.wait", "VideoJob created to Job created");
    extraction =
        histogram(meters, "frameflow.videojob.extraction", "Job started to the final phase");
    uploadToOutcome =
        histogram(
            meters, "frameflow.videojob.outcome.delay", "VideoJob created to outcome published");
  }

  void jobCreated(VideoJob videoJob, Instant now) {
    since(videoJob.getMetadata().getCreationTimestamp(), now).ifPresent(queueWait::record);
  }

  void outcomePublished(VideoJob videoJob, Instant now) {
    var status = videoJob.getStatus();
    between(status.getStartTime(), status.getCompletionTime()).ifPresent(extraction::record);
    since(videoJob.getMetadata().getCreationTimestamp(), now).ifPresent(uploadToOutcome::record);
  }

  private static Timer histogram(MeterRegistry meters, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(6))
        .register(meters);
  }

  private static Optional<Duration> since(String start, Instant now) {
    return parse(start).map(s -> Duration.between(s, now)).filter(d -> !d.isNegative());
  }

  private static Optional<Duration> between(String start, String end) {
    return parse(end).flatMap(e -> since(start, e));
  }

  private static Optional<Instant> parse(String instant) {
    try {
      return instant == null ? Optional.empty() : Optional.of(Instant.parse(instant));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
