package dev.frameflow.gateway.outbox;

import dev.frameflow.contracts.events.VideoUploadedEvent;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows in order of creation. Each batch runs in one transaction that holds the
 * claimed rows locked ({@code FOR UPDATE SKIP LOCKED}) while they are dispatched and marked sent,
 * so several replicas can run relays side by side. The first failure ends the batch: that row gets
 * a backoff, the rest are simply tried on the next poll.
 *
 * <p>Each publication is a span ({@code outbox.relay}) in the trace of the span that wrote the row
 * (the upload, the cancel), current while the dispatcher runs: the dispatcher passes it on.
 */
@Component
public class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxRepository outbox;
  private final OutboxDispatcher dispatcher;
  private final TransactionTemplate transaction;
  private final OutboxProperties properties;
  private final Clock clock;
  private final Counter published;
  private final Counter failures;
  private final VideoSpans spans;

  public OutboxRelay(
      OutboxRepository outbox,
      OutboxDispatcher dispatcher,
      TransactionTemplate transaction,
      OutboxProperties properties,
      Clock clock,
      MeterRegistry meters,
      VideoSpans spans) {
    this.spans = spans;
    this.outbox = outbox;
    this.dispatcher = dispatcher;
    this.transaction = transaction;
    this.properties = properties;
    this.clock = clock;
    this.published = meters.counter("frameflow.outbox.published");
    this.failures = meters.counter("frameflow.outbox.publish.failures");
    Gauge.builder("frameflow.outbox.lag", this, OutboxRelay::lagSeconds)
        .description("age in seconds of the oldest unpublished outbox row (0 when none)")
        .baseUnit("seconds")
        .register(meters);
    Gauge.builder("frameflow.outbox.pending", outbox, OutboxRepository::countUnsent)
        .description("outbox rows not yet published")
        .register(meters);
  }

  /** Publishes everything due; returns how many rows were published. */
  public int relayDue() {
    int total = 0;
    while (true) {
      BatchResult batch = transaction.execute(status -> relayBatch());
      total += batch.published();
      if (batch.stopped() || batch.claimed() < properties.batchSize()) {
        return total;
      }
    }
  }

  private record BatchResult(int claimed, int published, boolean stopped) {}

  private BatchResult relayBatch() {
    List<OutboxMessage> due = outbox.claimDue(properties.batchSize());
    int done = 0;
    for (OutboxMessage message : due) {
      Span span =
          spans.startFrom(
              "outbox.relay",
              SpanKind.PRODUCER,
              message.videoId(),
              message.traceparent(),
              message.tracestate());
      span.setAttribute("messaging.destination.name", message.type());
      try (var scope = VideoSpans.enter(span, message.videoId())) {
        try {
          dispatcher.dispatch(message);
        } catch (Exception e) {
          VideoSpans.failed(span, e);
          Duration retryIn = properties.retryDelay(message.attempts() + 1);
          outbox.markFailed(message.id(), e.toString(), retryIn);
          failures.increment();
          log.warn(
              "publishing {} {} failed (attempt {}), retrying in {}: {}",
              message.type(),
              message.eventId(),
              message.attempts() + 1,
              retryIn,
              e.toString());
          return new BatchResult(due.size(), done, true);
        }
        outbox.markSent(message.id());
        published.increment();
        done++;
        log.info(
            "video {} {}: {} handed over (waited {} ms in the outbox)",
            message.videoId(),
            message.type().equals(VideoUploadedEvent.TYPE) ? "queued" : "cancel sent",
            message.type(),
            Math.max(0, Duration.between(message.createdAt(), clock.instant()).toMillis()));
      } finally {
        span.end();
      }
    }
    return new BatchResult(due.size(), done, false);
  }

  /** Removes rows published more than a week ago; the table stays small. */
  public void purgeOld() {
    int removed = outbox.deleteSentBefore(clock.instant().minus(Duration.ofDays(7)));
    if (removed > 0) {
      log.info("removed {} outbox rows published more than 7 days ago", removed);
    }
  }

  private double lagSeconds() {
    Instant now = clock.instant();
    return outbox
        .oldestUnsent()
        .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0))
        .orElse(0.0);
  }
}
