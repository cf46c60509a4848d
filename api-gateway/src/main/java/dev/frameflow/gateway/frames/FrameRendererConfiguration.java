package dev.frameflow.gateway.frames;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link FrameRenderer} of {@code frameflow.frames.mode=remote} (the default): the frame-server
 * at {@code frameflow.frames.server-url}; without one, a renderer that answers "unavailable", so
 * that a gateway deployed without a frame-server starts and says frames are off (503 {@code
 * frames-unavailable}). The standalone mode sets {@code in-process} and provides its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FrameProperties.class)
class FrameRendererConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "frameflow.frames.mode",
      havingValue = "remote",
      matchIfMissing = true)
  FrameRenderer remoteFrameRenderer(FrameProperties properties, JsonMapper json) {
    if (properties.serverUrl() == null) {
      return (request, ifNoneMatch) -> {
        throw new FramesUnavailableException(
            "frames are not available on this installation (no frame-server is configured)");
      };
    }
    return new RemoteFrameRenderer(properties, json);
  }
}
