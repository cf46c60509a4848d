package dev.frameflow.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** JSON log lines in a pod (and when asked), plain text elsewhere or when turned off. */
class JsonLogEnvironmentPostProcessorTest {

  @Test
  void inAPodTheLinesAreJsonUnlessTurnedOff() {
    assertThat(format(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"))).isEqualTo("ecs");
    assertThat(format(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "frameflow.log.json", "false")))
        .isNull();
  }

  @Test
  void elsewhereOnlyWhenAskedAndAnExplicitFormatWins() {
    assertThat(format(Map.of())).isNull();
    assertThat(format(Map.of("frameflow.log.json", "true"))).isEqualTo("ecs");
    assertThat(
            format(
                Map.of(
                    "frameflow.log.json", "true", "logging.structured.format.console", "logstash")))
        .isEqualTo("logstash");
  }

  private static String format(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    new JsonLogEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());
    return environment.getProperty("logging.structured.format.console");
  }
}
