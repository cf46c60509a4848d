package dev.frameflow.gateway.logging;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code FRAMEFLOW_LOG_JSON=true} switches console logs to one JSON object per line (Elastic Common
 * Schema), for log shippers; an explicit {@code logging.structured.format.console} wins.
 */
public class JsonLogEnvironmentPostProcessor implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    boolean json = environment.getProperty("frameflow.log.json", Boolean.class, false);
    if (json && !environment.containsProperty("logging.structured.format.console")) {
      environment
          .getPropertySources()
          .addLast(
              new MapPropertySource(
                  "frameflowJsonLog", Map.of("logging.structured.format.console", "ecs")));
    }
  }
}
