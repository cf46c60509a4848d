package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.auth.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
  private final Clock clock;

  public WebhookController(WebhookService webhooks, Clock clock) {
    this.webhooks = webhooks;
    this.clock = clock;
  }

  public record Registration(String url, List<String> events) {}

  /** An endpoint as listed: never its secret. */
  public record EndpointView(
      UUID id, String url, List<String> events, Instant createdAt, CircuitView circuit) {
    static EndpointView of(WebhookEndpoint endpoint, Instant now) {
      return new EndpointView(
          endpoint.id(),
          endpoint.url().toString(),
          endpoint.eventTypes().stream().map(WebhookEventType::id).sorted().toList(),
          endpoint.createdAt(),
          CircuitView.of(endpoint.circuit(), now));
    }
  }

  /**
   * Whether deliveries to the endpoint are being backed off: {@code closed} (sent as they come),
   * {@code open} (held until {@code openUntil}) or {@code half-open} (one delivery probes it).
   */
  public record CircuitView(String state, int consecutiveFailures, Instant openUntil) {
    static CircuitView of(WebhookCircuit circuit, Instant now) {
      WebhookCircuit.State state = circuit.state(now);
      return new CircuitView(
          state.name().toLowerCase(Locale.ROOT).replace('_', '-'),
          circuit.consecutiveFailures(),
          state == WebhookCircuit.State.OPEN ? circuit.openUntil() : null);
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
    EndpointView view = EndpointView.of(endpoint, clock.instant());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new Registered(
                view.id(), view.url(), view.events(), view.createdAt(), endpoint.secret()));
  }

  @Operation(summary = "List your webhook endpoints")
  @GetMapping("/api/webhooks")
  public List<EndpointView> list(@AuthenticationPrincipal CurrentUser user) {
    Instant now = clock.instant();
    return webhooks.list(user.id()).stream().map(e -> EndpointView.of(e, now)).toList();
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

  @Operation(
      summary =
          "Queue a webhook.test event to the endpoint; a few per hour per account (429 beyond)")
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
