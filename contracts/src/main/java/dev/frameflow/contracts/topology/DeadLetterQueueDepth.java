package dev.frameflow.contracts.topology;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The dead-letter queues this service's consumers feed, measured from the service itself (Amazon MQ
 * has no Prometheus endpoint): their depth as {@code frameflow_dead_letter_messages{queue}} and the
 * age of their oldest message as {@code frameflow_dead_letter_oldest_age_seconds{queue}}, which the
 * alert FrameflowDeadLetteredMessages and the dashboard read.
 *
 * <p>Every interval, on one daemon thread, each queue's depth comes from a passive declare. When a
 * queue holds messages, its head is peeked: fetched unacknowledged ({@code basic.get}), its
 * dead-lettering time read from the broker's {@code x-death} header, and rejected with requeue. A
 * classic queue (the dead-letter queues are classic, {@link Topology}) puts a requeued message back
 * at its original position, so the peek neither loses nor reorders anything; should this process
 * die between the two, the broker requeues the message when the channel closes. The only trace it
 * leaves is the message's {@code redelivered} flag.
 *
 * <p>While the broker cannot answer, both gauges are NaN (no data, no alert) and nothing is thrown.
 * An empty queue's age is 0; a head without {@code x-death} (published straight into the queue)
 * falls back to its {@code timestamp} property, else its age is NaN.
 */
public final class DeadLetterQueueDepth implements AutoCloseable {

  public static final String METRIC = "frameflow.dead.letter.messages";
  public static final String AGE_METRIC = "frameflow.dead.letter.oldest.age";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterQueueDepth.class);

  private final RabbitTemplate rabbit;
  private final List<String> queues;
  private final Clock clock;
  private final Map<String, Double> depths = new ConcurrentHashMap<>();

  /** When each non-empty queue's head was dead-lettered; absent when unknown or empty. */
  private final Map<String, Instant> heads = new ConcurrentHashMap<>();

  private final ScheduledExecutorService reader =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "dead-letter-depth");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean failing;

  public DeadLetterQueueDepth(
      ConnectionFactory connections, List<String> queues, MeterRegistry meters) {
    this(connections, queues, meters, Clock.systemUTC());
  }

  public DeadLetterQueueDepth(
      ConnectionFactory connections, List<String> queues, MeterRegistry meters, Clock clock) {
    this.rabbit = new RabbitTemplate(connections);
    this.queues = List.copyOf(queues);
    this.clock = clock;
    for (String queue : this.queues) {
      depths.put(queue, Double.NaN);
      Gauge.builder(METRIC, depths, d -> d.getOrDefault(queue, Double.NaN))
          .description("Messages waiting in a dead-letter queue (read from the broker)")
          .tag("queue", queue)
          .register(meters);
      // computed at scrape time: the age grows between two reads of the queue
      Gauge.builder(AGE_METRIC, this, self -> self.ageSeconds(queue))
          .description(
              "Seconds since the oldest message of a dead-letter queue was dead-lettered"
                  + " (0 when empty)")
          .baseUnit("seconds")
          .tag("queue", queue)
          .register(meters);
    }
  }

  /** Reads every queue every {@code interval}, the first time one interval after the start. */
  public DeadLetterQueueDepth start(Duration interval) {
    reader.scheduleWithFixedDelay(
        this::refresh,
        Math.max(interval.toMillis(), 100),
        Math.max(interval.toMillis(), 100),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads each queue's depth and head once; NaN for a queue the broker did not answer for. */
  public void refresh() {
    for (String queue : queues) {
      try {
        rabbit.execute(
            channel -> {
              read(channel, queue);
              return null;
            });
        if (failing) {
          failing = false;
          log.info("dead-letter queue depth readable again");
        }
      } catch (RuntimeException e) {
        depths.put(queue, Double.NaN);
        heads.remove(queue);
        if (!failing) {
          failing = true;
          log.warn("cannot read the depth of dead-letter queue {}: {}", queue, e.toString());
        }
      }
    }
  }

  private void read(Channel channel, String queue) throws IOException {
    // counted before the peek: the requeue of a peeked head completes asynchronously in the
    // broker, and a count taken while the head is unacknowledged leaves it out
    int count = channel.queueDeclarePassive(queue).getMessageCount();
    Instant head = count > 0 ? peekHead(channel, queue).orElse(null) : null;
    if (head == null) {
      heads.remove(queue);
    } else {
      heads.put(queue, head);
    }
    depths.put(queue, (double) count);
  }

  /** When the queue's head was dead-lettered, left in place (reject with requeue). */
  private static Optional<Instant> peekHead(Channel channel, String queue) throws IOException {
    GetResponse response = channel.basicGet(queue, false);
    if (response == null) {
      return Optional.empty(); // emptied meanwhile
    }
    try {
      return deadLetteredAt(response);
    } finally {
      channel.basicReject(response.getEnvelope().getDeliveryTag(), true);
    }
  }

  /**
   * The newest {@code x-death} entry's {@code time} (the broker lists the latest dead-lettering
   * first), else the {@code timestamp} property.
   */
  static Optional<Instant> deadLetteredAt(GetResponse response) {
    Map<String, Object> headers = response.getProps().getHeaders();
    if (headers != null
        && headers.get("x-death") instanceof List<?> deaths
        && !deaths.isEmpty()
        && deaths.get(0) instanceof Map<?, ?> latest
        && latest.get("time") instanceof Date time) {
      return Optional.of(time.toInstant());
    }
    Date timestamp = response.getProps().getTimestamp();
    return Optional.ofNullable(timestamp).map(Date::toInstant);
  }

  public double depth(String queue) {
    return depths.getOrDefault(queue, Double.NaN);
  }

  /** Seconds since the head was dead-lettered: 0 when empty, NaN when unknown or unreadable. */
  public double ageSeconds(String queue) {
    double depth = depth(queue);
    if (Double.isNaN(depth)) {
      return Double.NaN;
    }
    if (depth == 0) {
      return 0;
    }
    Instant head = heads.get(queue);
    if (head == null) {
      return Double.NaN;
    }
    return Math.max(0, Duration.between(head, clock.instant()).toMillis() / 1000.0);
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
