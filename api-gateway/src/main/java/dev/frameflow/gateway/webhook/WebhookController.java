package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.auth.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/webhooks}: the signed-in user's webhook endpoints (docs/integrations.md, "Webhooks").
 */
@RestController
public class WebhookController {

  private final WebhookService webhooks;

  public WebhookController(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  public record Registration(String url, List<String> events) {}

  /** An endpoint as listed: never its secret. */
  public record EndpointView(UUID id, String url, List<String> events, Instant createdAt) {
    static EndpointView of(WebhookEndpoint endpoint) {
      return new EndpointView(
          endpoint.id(),
          endpoint.url().toString(),
          endpoint.eventTypes().stream().map(WebhookEventType::id).sorted().toList(),
          endpoint.createdAt());
    }
  }

  /** The answer to a registration: the only time the secret is shown. */
  public record Registered(
      UUID id, String url, List<String> events, Instant createdAt, String secret) {}

  public record Secret(String secret) {}

  public record TestSent(UUID eventId) {}

  public record DeliveryView(
      UUID eventId,
      String eventType,
      String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      Instant createdAt,
      Instant nextAttemptAt,
      Instant finishedAt) {
    static DeliveryView of(WebhookDelivery d) {
      boolean pending = d.status() == WebhookDelivery.Status.PENDING;
      return new DeliveryView(
          d.eventId(),
          d.eventType(),
          d.status().name(),
          d.attempts(),
          d.lastStatusCode(),
          d.lastError(),
          d.createdAt(),
          pending ? d.nextAttemptAt() : null,
          d.finishedAt());
    }
  }

  @Operation(summary = "Register a webhook endpoint; the answer shows its signing secret once")
  @PostMapping("/api/webhooks")
  public ResponseEntity<Registered> register(
      @RequestBody Registration registration, @AuthenticationPrincipal CurrentUser user) {
    WebhookEndpoint endpoint =
        webhooks.register(user.id(), registration.url(), registration.events());
    EndpointView view = EndpointView.of(endpoint);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new Registered(
                view.id(), view.url(), view.events(), view.createdAt(), endpoint.secret()));
  }

  @Operation(summary = "List your webhook endpoints")
  @GetMapping("/api/webhooks")
  public List<EndpointView> list(@AuthenticationPrincipal CurrentUser user) {
    return webhooks.list(user.id()).stream().map(EndpointView::of).toList();
  }

  @Operation(summary = "Delete a webhook endpoint and its pending deliveries")
  @DeleteMapping("/api/webhooks/{id}")
  public ResponseEntity<Void> delete(
      @PathVariable UUID id, @AuthenticationPrincipal CurrentUser user) {
    webhooks.delete(user.id(), id);
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "Replace the signing secret; the old one stops verifying at once")
  @PostMapping("/api/webhooks/{id}/secret")
  public Secret rotate(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser user) {
    return new Secret(webhooks.rotateSecret(user.id(), id));
  }

  @Operation(summary = "Queue a webhook.test event to the endpoint")
  @PostMapping("/api/webhooks/{id}/test")
  public ResponseEntity<TestSent> test(
      @PathVariable UUID id, @AuthenticationPrincipal CurrentUser user) {
    return ResponseEntity.accepted().body(new TestSent(webhooks.sendTest(user.id(), id)));
  }

  @Operation(summary = "The endpoint's last 100 deliveries, newest first")
  @GetMapping("/api/webhooks/{id}/deliveries")
  public List<DeliveryView> deliveries(
      @PathVariable UUID id, @AuthenticationPrincipal CurrentUser user) {
    return webhooks.deliveries(user.id(), id).stream().map(DeliveryView::of).toList();
  }
}
