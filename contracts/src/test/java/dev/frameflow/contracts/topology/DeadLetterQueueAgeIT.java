package dev.frameflow.contracts.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.frameflow.testing.TestRabbit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The dead-letter measurements against the real RabbitMQ: the depth, and the age of the oldest
 * message read from the {@code x-death} the broker wrote, without taking or reordering anything.
 */
class DeadLetterQueueAgeIT {

  private static final String VHOST = "frameflow-contracts-dead-letters";
  private static final String QUEUE = "work";
  private static final String DLQ = Topology.deadLetterQueue(QUEUE);

  private static CachingConnectionFactory connections;
  private RabbitTemplate rabbit;

  @BeforeAll
  static void broker() {
    TestRabbit.recreateVirtualHost(VHOST);
    connections = new CachingConnectionFactory(TestRabbit.HOST, TestRabbit.PORT);
    connections.setUsername(TestRabbit.USERNAME);
    connections.setPassword(TestRabbit.PASSWORD);
    connections.setVirtualHost(VHOST);
  }

  @AfterAll
  static void close() {
    connections.destroy();
  }

  /** The production shape: a classic queue dead-letters into its own classic {@code .dlq}. */
  @BeforeEach
  void topology() {
    rabbit = new RabbitTemplate(connections);
    rabbit.execute(
        channel -> {
          channel.queueDelete(QUEUE);
          channel.queueDelete(DLQ);
          channel.exchangeDeclare(Topology.DEAD_LETTER_EXCHANGE, "direct", true);
          channel.queueDeclare(DLQ, true, false, false, null);
          channel.queueBind(DLQ, Topology.DEAD_LETTER_EXCHANGE, QUEUE);
          channel.queueDeclare(
              QUEUE,
              true,
              false,
              false,
              Map.of(
                  "x-dead-letter-exchange",
                  Topology.DEAD_LETTER_EXCHANGE,
                  "x-dead-letter-routing-key",
                  QUEUE));
          return null;
        });
  }

  @Test
  void theAgeIsCountedFromWhenTheBrokerDeadLetteredTheHead() {
    deadLetter("first", "second");
    // read ten minutes later than the broker's clock
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    DeadLetterQueueDepth measured =
        new DeadLetterQueueDepth(connections, List.of(DLQ), new SimpleMeterRegistry(), later);

    measured.refresh();

    assertThat(measured.depth(DLQ)).isEqualTo(2);
    // x-death time has a one-second resolution; the test's own steps take a few more
    assertThat(measured.ageSeconds(DLQ)).isCloseTo(600, within(15.0));
  }

  @Test
  void peekingTheHeadTakesNothingAndKeepsTheOrder() {
    deadLetter("1", "2", "3");
    DeadLetterQueueDepth measured =
        new DeadLetterQueueDepth(connections, List.of(DLQ), new SimpleMeterRegistry());

    for (int i = 0; i < 3; i++) {
      // as the application does, each read after the previous peek's requeue has completed
      refreshUntilDepth(measured, 3);
    }

    assertThat(measured.depth(DLQ)).isEqualTo(3);
    assertThat(drain(DLQ)).containsExactly("1", "2", "3");
  }

  @Test
  void anEmptyQueueIsZeroAndAnUnreadableOneIsNoData() {
    DeadLetterQueueDepth measured =
        new DeadLetterQueueDepth(
            connections, List.of(DLQ, "no-such-queue.dlq"), new SimpleMeterRegistry());

    measured.refresh();

    assertThat(measured.depth(DLQ)).isZero();
    assertThat(measured.ageSeconds(DLQ)).isZero();
    assertThat(measured.depth("no-such-queue.dlq")).isNaN();
    assertThat(measured.ageSeconds("no-such-queue.dlq")).isNaN();
  }

  /**
   * Reads again until the depth is {@code expected}: the broker requeues a peeked head
   * asynchronously (the application reads every 30 s). A lost message never brings it back.
   */
  private static void refreshUntilDepth(DeadLetterQueueDepth measured, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    do {
      measured.refresh();
    } while (measured.depth(DLQ) != expected && System.nanoTime() < deadline);
  }

  /** Publishes each body to the work queue and rejects it there: the broker dead-letters it. */
  private void deadLetter(String... bodies) {
    rabbit.execute(
        channel -> {
          for (String body : bodies) {
            channel.basicPublish("", QUEUE, null, body.getBytes(StandardCharsets.UTF_8));
          }
          for (int i = 0; i < bodies.length; i++) {
            GetResponse got = channel.basicGet(QUEUE, false);
            channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
          }
          return null;
        });
    // dead-lettering is asynchronous inside the broker
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (messageCount(DLQ) < bodies.length && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private long messageCount(String queue) {
    return rabbit.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount());
  }

  private List<String> drain(String queue) {
    return rabbit.execute(
        (Channel channel) -> {
          List<String> bodies = new ArrayList<>();
          for (GetResponse got = channel.basicGet(queue, true);
              got != null;
              got = channel.basicGet(queue, true)) {
            bodies.add(new String(got.getBody(), StandardCharsets.UTF_8));
          }
          return bodies;
        });
  }
}
