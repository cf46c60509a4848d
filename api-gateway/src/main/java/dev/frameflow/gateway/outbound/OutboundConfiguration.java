package dev.frameflow.gateway.outbound;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

  @Bean
  DestinationGuard destinationGuard(OutboundProperties properties) {
    return new DestinationGuard(properties.allowedNetworks());
  }
}
