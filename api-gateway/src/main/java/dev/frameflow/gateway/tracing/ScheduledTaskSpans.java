package dev.frameflow.gateway.tracing;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the spans of {@code @Scheduled} polls out of the export. Spring observes every run of a
 * scheduled method (the outbox relay, the mail sender, the sweepers: several a second per replica),
 * and nearly every run finds nothing to do; the work a run does find is traced in the video's own
 * trace, whose parent comes from the row, not from the poll. Their timers ({@code
 * tasks.scheduled.execution}) stay.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduledTaskSpans {

  /** The tag Spring's scheduled-task observation puts on its spans (the method's name). */
  static final String SCHEDULED_METHOD_TAG = "code.function";

  @Bean
  SpanExportingPredicate noScheduledPollSpans() {
    return span -> !span.getTags().containsKey(SCHEDULED_METHOD_TAG);
  }
}
