package dev.frameflow.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.operator.bridge.MessagingProperties;
import dev.frameflow.operator.job.OperatorProperties;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variables of docs/configuration.md (and the Helm chart) bind as documented. */
class OperatorPropertiesTest {

  @Test
  void theDocumentedEnvironmentVariablesBind() {
    Binder binder =
        binder(
            Map.ofEntries(
                Map.entry(
                    "FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE", "registry/frame-extractor@sha256:abc"),
                Map.entry("FRAMEFLOW_OPERATOR_MAX_CONCURRENT_JOBS", "4"),
                Map.entry("FRAMEFLOW_OPERATOR_JOB_SERVICE_ACCOUNT", "extractor"),
                Map.entry("FRAMEFLOW_OPERATOR_JOB_TTL_SECONDS", "600"),
                Map.entry("FRAMEFLOW_OPERATOR_LEADER_ELECTION_ENABLED", "false"),
                Map.entry("FRAMEFLOW_OPERATOR_RESOURCES_LIMITS_MEMORY", "4Gi"),
                Map.entry("FRAMEFLOW_OPERATOR_RESOURCES_REQUESTS_CPU", "1"),
                Map.entry("FRAMEFLOW_OPERATOR_RETRY_MAX_ATTEMPTS", "7"),
                Map.entry("FRAMEFLOW_OPERATOR_EVENTS_PER_SECOND", "2.5"),
                Map.entry("FRAMEFLOW_OPERATOR_EVENT_BURST", "5"),
                Map.entry("FRAMEFLOW_OPERATOR_MESSAGING_UPLOADED_QUEUE", "uploads"),
                Map.entry("FRAMEFLOW_OPERATOR_MESSAGING_CONFIRM_TIMEOUT", "3s"),
                Map.entry("FRAMEFLOW_S3_PATH_STYLE", "true")));

    OperatorProperties operator =
        binder.bindOrCreate("frameflow.operator", OperatorProperties.class);

    assertThat(operator.extractorImage()).isEqualTo("registry/frame-extractor@sha256:abc");
    MessagingProperties messaging =
        binder.bindOrCreate("frameflow.operator.messaging", MessagingProperties.class);
    assertThat(messaging.uploadedQueue()).isEqualTo("uploads");
    assertThat(messaging.confirmTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(binder.bindOrCreate("frameflow.s3", S3Settings.class).pathStyle()).isTrue();
    assertThat(operator.maxConcurrentJobs()).isEqualTo(4);
    assertThat(operator.jobServiceAccount()).isEqualTo("extractor");
    assertThat(operator.jobTtlSeconds()).isEqualTo(600);
    assertThat(operator.leaderElectionEnabled()).isFalse();
    assertThat(operator.retry().maxAttempts()).isEqualTo(7);
    assertThat(operator.eventsPerSecond()).isEqualTo(2.5);
    assertThat(operator.eventBurst()).isEqualTo(5);
    assertThat(operator.resources().limitQuantities())
        .containsEntry("memory", new Quantity("4Gi"))
        .containsEntry("cpu", new Quantity("2"));
    assertThat(operator.resources().requestQuantities())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("512Mi"));
  }

  @Test
  void withNothingSetTheDefaultsApply() {
    Binder binder = binder(Map.of());

    OperatorProperties operator =
        binder.bindOrCreate("frameflow.operator", OperatorProperties.class);
    S3Settings s3 = binder.bindOrCreate("frameflow.s3", S3Settings.class);
    MessagingProperties messaging =
        binder.bindOrCreate("frameflow.operator.messaging", MessagingProperties.class);

    assertThat(operator.maxConcurrentJobs()).isEqualTo(8);
    assertThat(operator.jobServiceAccount()).isEqualTo("frameflow-extractor");
    assertThat(operator.jobTtlSeconds()).isEqualTo(3600);
    assertThat(operator.leaderElectionEnabled()).isTrue();
    assertThat(operator.leaseName()).isEqualTo("frameflow-operator");
    assertThat(operator.retry().initialInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(operator.eventsPerSecond()).isEqualTo(10);
    assertThat(operator.eventBurst()).isEqualTo(25);
    assertThat(operator.resources().limitQuantities())
        .isEqualTo(OperatorProperties.Resources.defaults().limitQuantities());
    assertThat(s3.region()).isEqualTo("us-east-1");
    assertThat(s3.pathStyle()).isFalse();
    assertThat(messaging).isEqualTo(MessagingProperties.defaults());
  }

  @Test
  void theQueueSettingsBindFromTheEnvironmentAndDefaultToAFairShareWithoutCeiling() {
    QueueProperties queue =
        binder(
                Map.of(
                    "FRAMEFLOW_OPERATOR_QUEUE_OWNER_CEILING", "3",
                    "FRAMEFLOW_OPERATOR_QUEUE_HEARTBEAT", "5m"))
            .bindOrCreate("frameflow.operator.queue", QueueProperties.class);
    assertThat(queue.ownerCeiling()).isEqualTo(3);
    assertThat(queue.heartbeat()).isEqualTo(Duration.ofMinutes(5));
    assertThat(queue.fairShare(8).cap()).isEqualTo(8);

    QueueProperties defaults =
        binder(Map.of()).bindOrCreate("frameflow.operator.queue", QueueProperties.class);
    assertThat(defaults.ownerCeiling()).isZero();
    assertThat(defaults.weights()).isEmpty();
    assertThat(defaults.heartbeat()).isEqualTo(Duration.ofMinutes(10));
  }

  private static Binder binder(Map<String, ?> environment) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
    return new Binder(ConfigurationPropertySources.from(sources));
  }
}
