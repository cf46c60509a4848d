package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.tracing.VideoSpans;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends what is due, at least once, without letting one endpoint delay another. A poller thread
 * claims as many due deliveries as this replica has free workers ({@link DeliveryClaims}: fairly,
 * within each endpoint's and each account's share) and hands each to a worker; the poller never
 * waits for an HTTP call, and each call ends at the attempt's deadline ({@link WebhookClient}). A
 * delivery is then marked delivered (2xx) or given its next attempt with exponential backoff (from
 * {@code firstRetryDelay} doubling to {@code maxRetryDelay}) until {@code giveUpAfter} has passed
 * since the event, when it is marked failed. Every failed attempt counts against the endpoint's
 * {@link WebhookCircuit circuit}. Receivers de-duplicate by {@code Frameflow-Event-Id}.
 *
 * <p>Each attempt is a span ({@code webhook.attempt}) in the trace of the status change that queued
 * the delivery.
 *
 * <p>Its own threads, not the application's scheduler: a slow receiver must not hold the tasks that
 * share that scheduler either.
 */
public class WebhookDispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookRepository webhooks;
  private final DeliveryClaims claims;
  private final WebhookClient client;
  private final WebhookProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final WebhookDeliveryLatency latency;
  private final VideoSpans spans;
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicBoolean pollQueued = new AtomicBoolean();
  private ScheduledExecutorService poller;
  private ExecutorService workers;

  public WebhookDispatcher(
      WebhookRepository webhooks,
      DeliveryClaims claims,
      WebhookClient client,
      WebhookProperties properties,
      Clock clock,
      MeterRegistry meters,
      VideoSpans spans) {
    this.spans = spans;
    this.webhooks = webhooks;
    this.claims = claims;
    this.client = client;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.latency = new WebhookDeliveryLatency(meters);
    // at zero from the start: the webhook SLO divides by delivered + failed, and a series that
    // appears only with its first failure would miss that failure in rate()
    for (String outcome : new String[] {"delivered", "failed", "retry"}) {
      meters.counter("frameflow.webhooks.deliveries", "outcome", outcome);
    }
    Gauge.builder("frameflow.webhooks.in.flight", busy, AtomicInteger::get)
        .description("webhook deliveries this replica is sending now")
        .register(meters);
  }

  @Override
  public synchronized void start() {
    poller = Executors.newSingleThreadScheduledExecutor(named("webhook-poller"));
    workers = Executors.newFixedThreadPool(properties.workers(), named("webhook-worker"));
    long interval = properties.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    poller.shutdownNow();
    workers.shutdown(); // attempts end by their deadline; unfinished leases are taken over later
    try {
      workers.awaitTermination(properties.attemptDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    poller = null;
    workers = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return poller != null;
  }

  /** Claims what the free workers can send now and hands each to one; returns how many. */
  int poll() {
    try {
      int expired =
          webhooks.failExpiredBehindOpenCircuits(clock.instant(), properties.giveUpAfter());
      if (expired > 0) {
        meters.counter("frameflow.webhooks.deliveries", "outcome", "failed").increment(expired);
      }
      List<WebhookDelivery> claimed =
          claims.claim(clock.instant(), properties.workers() - busy.get());
      for (WebhookDelivery delivery : claimed) {
        busy.incrementAndGet();
        workers.execute(() -> sendThenPollAgain(delivery));
      }
      return claimed.size();
    } catch (RuntimeException e) {
      log.warn("webhook poll failed; the next one retries: {}", e.toString());
      return 0;
    }
  }

  private void sendThenPollAgain(WebhookDelivery delivery) {
    try {
      send(delivery);
    } catch (RuntimeException e) {
      log.warn(
          "webhook delivery {} not recorded; its lease ends and it is retried", delivery.id(), e);
    } finally {
      busy.decrementAndGet();
      wake();
    }
  }

  /** A worker is free: look for more at once rather than at the next tick (one poll queued). */
  private void wake() {
    ScheduledExecutorService current = poller;
    if (current != null && pollQueued.compareAndSet(false, true)) {
      try {
        current.execute(
            () -> {
              pollQueued.set(false);
              poll();
            });
      } catch (RejectedExecutionException stopping) {
        pollQueued.set(false);
      }
    }
  }

  private void send(WebhookDelivery delivery) {
    Span span =
        spans.startFrom(
            "webhook.attempt", SpanKind.CLIENT, delivery.videoId(), delivery.traceparent(), null);
    span.setAttribute("webhook.event_type", delivery.eventType());
    span.setAttribute("webhook.attempt", delivery.attempts());
    try (var scope = VideoSpans.enter(span, delivery.videoId())) {
      attempt(delivery, span);
    } finally {
      span.end();
    }
  }

  private void attempt(WebhookDelivery delivery, Span span) {
    var endpoint = webhooks.find(delivery.endpointId());
    if (endpoint.isEmpty()) {
      return; // deleted meanwhile: its deliveries went with it
    }
    Instant now = clock.instant();
    WebhookClient.Attempt attempt =
        client.post(
            endpoint.get().url(),
            delivery,
            endpoint.get().secret(),
            now.getEpochSecond(),
            properties.attemptDeadline());
    if (attempt.statusCode() != null) {
      span.setAttribute("http.response.status_code", attempt.statusCode());
    }
    if (attempt.delivered()) {
      webhooks.markDelivered(delivery.id(), attempt.statusCode(), clock.instant());
      webhooks.recordSuccess(delivery.endpointId());
      meters.counter("frameflow.webhooks.deliveries", "outcome", "delivered").increment();
      latency.delivered(delivery.createdAt(), clock.instant());
      if (delivery.videoId() != null) {
        log.info(
            "video {} notified: webhook {} delivered (attempt {})",
            delivery.videoId(),
            delivery.eventType(),
            delivery.attempts());
      }
      return;
    }
    span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "not delivered");
    String error =
        attempt.error() != null ? attempt.error() : "answered HTTP " + attempt.statusCode();
    Instant next = clock.instant().plus(properties.retryDelay(delivery.attempts()));
    if (next.isAfter(delivery.createdAt().plus(properties.giveUpAfter()))) {
      webhooks.markFailed(delivery.id(), attempt.statusCode(), error, clock.instant());
      meters.counter("frameflow.webhooks.deliveries", "outcome", "failed").increment();
      log.info(
          "webhook delivery {} gave up after {} attempts: {}",
          delivery.id(),
          delivery.attempts(),
          error);
    } else {
      webhooks.markRetry(delivery.id(), attempt.statusCode(), error, next);
      meters.counter("frameflow.webhooks.deliveries", "outcome", "retry").increment();
    }
    countFailure(delivery.endpointId());
  }

  private void countFailure(UUID endpointId) {
    int failures = webhooks.recordFailure(endpointId);
    Instant now = clock.instant();
    Instant openUntil = WebhookCircuit.openUntilAfter(failures, properties, now);
    if (openUntil != null) {
      webhooks.openCircuit(endpointId, openUntil);
      meters.counter("frameflow.webhooks.circuit.opened").increment();
      log.info(
          "webhook endpoint {} failed {} attempts in a row: backed off until {}",
          endpointId,
          failures,
          openUntil);
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
