package dev.frameflow.operator.logging;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One JSON object per log line (Elastic Common Schema), as the api-gateway writes them: with {@code
 * FRAMEFLOW_LOG_JSON=true}, and by default inside a Kubernetes pod (where a log shipper reads the
 * lines); {@code FRAMEFLOW_LOG_JSON=false} or an explicit {@code logging.structured.format.console}
 * wins.
 */
public class JsonLogEnvironmentPostProcessor implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    boolean inPod = environment.containsProperty("KUBERNETES_SERVICE_HOST");
    boolean json = environment.getProperty("frameflow.log.json", Boolean.class, inPod);
    if (json && !environment.containsProperty("logging.structured.format.console")) {
      environment
          .getPropertySources()
          .addLast(
              new MapPropertySource(
                  "frameflowJsonLog", Map.of("logging.structured.format.console", "ecs")));
    }
  }
}
