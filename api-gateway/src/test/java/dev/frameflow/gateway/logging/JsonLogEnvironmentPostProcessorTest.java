package dev.frameflow.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class JsonLogEnvironmentPostProcessorTest {

  private final JsonLogEnvironmentPostProcessor processor = new JsonLogEnvironmentPostProcessor();

  @Test
  void frameflowLogJsonSwitchesTheConsoleToStructuredLogs() {
    MockEnvironment environment = new MockEnvironment().withProperty("frameflow.log.json", "true");
    processor.postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
  }

  @Test
  void plainLogsByDefaultAndAnExplicitFormatWins() {
    MockEnvironment plain = new MockEnvironment();
    processor.postProcessEnvironment(plain, new SpringApplication());
    assertThat(plain.getProperty("logging.structured.format.console")).isNull();

    MockEnvironment explicit =
        new MockEnvironment()
            .withProperty("frameflow.log.json", "true")
            .withProperty("logging.structured.format.console", "logstash");
    processor.postProcessEnvironment(explicit, new SpringApplication());
    assertThat(explicit.getProperty("logging.structured.format.console")).isEqualTo("logstash");
  }
}
