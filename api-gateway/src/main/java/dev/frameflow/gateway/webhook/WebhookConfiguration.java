package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.OutboundProperties;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean(destroyMethod = "close")
  WebhookClient webhookClient(
      DestinationGuard guard, OutboundProperties outbound, WebhookProperties properties) {
    return new WebhookClient(guard, outbound, properties);
  }

  @Bean
  WebhookDispatcher webhookDispatcher(
      WebhookRepository webhooks,
      DeliveryClaims claims,
      WebhookClient client,
      WebhookProperties properties,
      Clock clock,
      MeterRegistry meters,
      VideoSpans spans) {
    return new WebhookDispatcher(webhooks, claims, client, properties, clock, meters, spans);
  }
}
