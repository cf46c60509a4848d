package dev.frameflow.gateway.video;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring's multipart resolver off by default in every application that contains the gateway
 * (the standalone mode included, whatever its own application.yml says): the resolver would read
 * each upload into temporary files before {@link VideoUploadController} could stream it. Added
 * last, so an explicit setting still wins.
 */
public class StreamingUploadDefaults implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "frameflowStreamingUploads", Map.of("spring.servlet.multipart.enabled", "false")));
  }
}
