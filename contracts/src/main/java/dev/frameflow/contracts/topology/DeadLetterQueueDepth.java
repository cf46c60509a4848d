package dev.frameflow.contracts.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The depth of the dead-letter queues this service's consumers feed, as the gauge {@code
 * frameflow_dead_letter_messages{queue}}: Amazon MQ has no Prometheus endpoint, so the alert
 * FrameflowDeadLetteredMessages reads what the services see. Each queue is read with a passive
 * declare (its message count) every interval, on one daemon thread, one read at a time. While the
 * broker cannot answer, the gauge is NaN (no data, no alert) and nothing is thrown.
 */
public final class DeadLetterQueueDepth implements AutoCloseable {

  public static final String METRIC = "frameflow.dead.letter.messages";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterQueueDepth.class);

  private final RabbitTemplate rabbit;
  private final List<String> queues;
  private final Map<String, Double> depths = new ConcurrentHashMap<>();
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
    this.rabbit = new RabbitTemplate(connections);
    this.queues = List.copyOf(queues);
    for (String queue : this.queues) {
      depths.put(queue, Double.NaN);
      Gauge.builder(METRIC, depths, d -> d.getOrDefault(queue, Double.NaN))
          .description("Messages waiting in a dead-letter queue (read from the broker)")
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

  /** Reads each queue's message count once; NaN for a queue the broker did not answer for. */
  public void refresh() {
    for (String queue : queues) {
      try {
        Integer count =
            rabbit.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount());
        depths.put(queue, count == null ? Double.NaN : count.doubleValue());
        if (failing) {
          failing = false;
          log.info("dead-letter queue depth readable again");
        }
      } catch (RuntimeException e) {
        depths.put(queue, Double.NaN);
        if (!failing) {
          failing = true;
          log.warn("cannot read the depth of dead-letter queue {}: {}", queue, e.toString());
        }
      }
    }
  }

  public double depth(String queue) {
    return depths.getOrDefault(queue, Double.NaN);
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
