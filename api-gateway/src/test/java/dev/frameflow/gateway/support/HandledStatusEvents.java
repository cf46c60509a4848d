package dev.frameflow.gateway.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.frameflow.gateway.messaging.VideoStatusListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What the gateway's {@code video.status} consumer did with each delivery (APPLIED, DUPLICATE or
 * STALE), read from the line it logs once an event is handled. A delivery that changes nothing
 * leaves no trace in the database, so this is how a test knows that such a delivery was consumed
 * before it asserts that nothing changed. Every gateway context of the JVM logs through the same
 * logger, so deliveries are seen whichever context's consumer took them.
 */
public final class HandledStatusEvents implements BeforeEachCallback, AfterEachCallback {

  private record Handled(String eventId, String result) {}

  private final List<Handled> handled = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          Object[] arguments = event.getArgumentArray();
          if (event.getMessage().startsWith("video.status ")
              && arguments != null
              && arguments.length == 3) {
            handled.add(new Handled(String.valueOf(arguments[0]), String.valueOf(arguments[2])));
          }
        }
      };
  private Level levelBefore;

  @Override
  public void beforeEach(ExtensionContext context) {
    handled.clear();
    Logger logger = logger();
    levelBefore = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Logger logger = logger();
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(levelBefore);
  }

  /**
   * Waits until the consumer has handled {@code deliveries} deliveries of this event and returns
   * their results in order.
   */
  public List<String> await(UUID eventId, int deliveries) {
    List<String> results = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              results.clear();
              handled.stream()
                  .filter(h -> h.eventId().equals(eventId.toString()))
                  .map(Handled::result)
                  .forEach(results::add);
              return results.size() >= deliveries;
            });
    return results;
  }

  /** Waits for the first delivery of this event and returns what became of it. */
  public String await(UUID eventId) {
    return await(eventId, 1).get(0);
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(VideoStatusListener.class);
  }
}
