package dev.frameflow.gateway.notify;

import dev.frameflow.gateway.tracing.VideoSpans;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends queued notifications. A row is claimed (SENDING, with a lease) in its own statement before
 * the mail goes out and marked SENT or FAILED after, so two replicas never send the same email;
 * FAILED rows are retried with backoff up to {@code maxAttempts}. Only a crash between sending and
 * recording can repeat an email, once the lease runs out.
 *
 * <p>Each sending is a span ({@code video.email}) in the trace of the status change that queued it.
 */
@Component
public class NotificationSender {

  private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final int BATCH = 20;

  private final NotificationRepository notifications;
  private final VideoRepository videos;
  private final NotificationComposer composer;
  private final MailDelivery delivery;
  private final MailProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final VideoSpans spans;

  public NotificationSender(
      NotificationRepository notifications,
      VideoRepository videos,
      NotificationComposer composer,
      MailDelivery delivery,
      MailProperties properties,
      Clock clock,
      MeterRegistry meters,
      VideoSpans spans) {
    this.spans = spans;
    this.notifications = notifications;
    this.videos = videos;
    this.composer = composer;
    this.delivery = delivery;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  /** Sends everything due; returns how many emails went out. */
  public int sendDue() {
    int sent = 0;
    List<Notification> due;
    do {
      due = notifications.claimDue(clock.instant(), LEASE, properties.maxAttempts(), BATCH);
      for (Notification notification : due) {
        if (send(notification)) {
          sent++;
        }
      }
    } while (due.size() == BATCH);
    return sent;
  }

  private boolean send(Notification notification) {
    Span span =
        spans.startFrom(
            "video.email",
            SpanKind.CLIENT,
            notification.videoId(),
            notification.traceparent(),
            null);
    span.setAttribute("notification.outcome", notification.outcome());
    span.setAttribute("notification.attempt", notification.attempts());
    try (var scope = VideoSpans.enter(span, notification.videoId())) {
      return sendInSpan(notification, span);
    } finally {
      span.end();
    }
  }

  private boolean sendInSpan(Notification notification, Span span) {
    try {
      Optional<Video> video = videos.findOwned(notification.videoId(), notification.userId());
      if (video.isEmpty()) {
        throw new IllegalStateException("video " + notification.videoId() + " is gone");
      }
      delivery.deliver(composer.compose(notification, video.get()));
    } catch (Exception e) {
      VideoSpans.failed(span, e);
      Instant retryAt = clock.instant().plus(properties.retryDelay(notification.attempts()));
      notifications.markFailed(notification.id(), e.toString(), retryAt);
      meters.counter("frameflow.notifications", "result", "failed").increment();
      log.warn(
          "email for video {} failed (attempt {}): {}",
          notification.videoId(),
          notification.attempts(),
          e.toString());
      return false;
    }
    notifications.markSent(notification.id(), clock.instant());
    meters.counter("frameflow.notifications", "result", "sent").increment();
    log.info(
        "video {} notified: {} email sent (attempt {})",
        notification.videoId(),
        notification.outcome(),
        notification.attempts());
    return true;
  }
}
