package dev.frameflow.gateway.support;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The Prometheus exposition of every gateway context of the test JVM that is still open. Several
 * contexts share the suite's tables, so a webhook or an outbox row may be handled by any of them: a
 * test that reads what a meter recorded sums the scrapes of all of them, as Prometheus sums the
 * replicas of a Deployment.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SuiteMeters {

  private static final Set<PrometheusMeterRegistry> OPEN = ConcurrentHashMap.newKeySet();

  @Bean
  Registration suiteMetersRegistration(PrometheusMeterRegistry registry) {
    OPEN.add(registry);
    return new Registration(registry);
  }

  /** Removed when its context closes (Spring calls {@code close} on the bean). */
  public record Registration(PrometheusMeterRegistry registry) implements AutoCloseable {
    @Override
    public void close() {
      OPEN.remove(registry);
    }
  }

  /**
   * The sum, over the open contexts' scrapes, of the samples named {@code sample} whose labels
   * match {@code labels} (a regular expression over the text between the braces, empty when the
   * sample has none). No such sample in any context is an error: the name is wrong.
   */
  public static double sum(String sample, String labels) {
    Pattern line =
        Pattern.compile(
            "(?m)^"
                + Pattern.quote(sample)
                + "(?:\\{(?<labels>[^}]*)\\})? (?<value>[-+0-9.eE]+|NaN)(?: .*)?$");
    Pattern wanted = Pattern.compile(labels);
    double total = 0;
    boolean found = false;
    for (PrometheusMeterRegistry registry : OPEN) {
      Matcher m = line.matcher(registry.scrape());
      while (m.find()) {
        String these = m.group("labels") == null ? "" : m.group("labels");
        if (wanted.matcher(these).matches()) {
          found = true;
          total += Double.parseDouble(m.group("value"));
        }
      }
    }
    if (!found) {
      throw new AssertionError(
          "no sample " + sample + "{" + labels + "} in " + OPEN.size() + " gateway(s)");
    }
    return total;
  }
}
