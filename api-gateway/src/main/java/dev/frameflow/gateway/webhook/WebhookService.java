package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.auth.RateLimiter;
import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.UserUrls;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** A user's webhook endpoints: register, list, rotate the secret, test, delete, read the log. */
@Service
public class WebhookService {

  static final Set<WebhookEventType> SUBSCRIBABLE =
      EnumSet.complementOf(EnumSet.of(WebhookEventType.TEST));

  private final WebhookRepository webhooks;
  private final WebhookEvents events;
  private final DestinationGuard guard;
  private final WebhookProperties properties;
  private final RateLimiter rateLimiter;
  private final Clock clock;

  public WebhookService(
      WebhookRepository webhooks,
      WebhookEvents events,
      DestinationGuard guard,
      WebhookProperties properties,
      RateLimiter rateLimiter,
      Clock clock) {
    this.webhooks = webhooks;
    this.events = events;
    this.guard = guard;
    this.properties = properties;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
  }

  /** Registers an endpoint; the returned endpoint carries the secret, shown this once. */
  public WebhookEndpoint register(UUID ownerId, String url, List<String> eventTypes) {
    URI target = checkedUrl(url);
    Set<WebhookEventType> types = EnumSet.noneOf(WebhookEventType.class);
    for (String name : eventTypes == null || eventTypes.isEmpty() ? allNames() : eventTypes) {
      WebhookEventType type =
          WebhookEventType.of(name)
              .filter(SUBSCRIBABLE::contains)
              .orElseThrow(
                  () ->
                      ApiProblem.badRequest(
                          "unknown event type '"
                              + name
                              + "' ("
                              + String.join(", ", allNames())
                              + ")"));
      types.add(type);
    }
    if (webhooks.countOwnedBy(ownerId) >= properties.maxEndpointsPerUser()) {
      throw ApiProblem.conflict(
          "at most " + properties.maxEndpointsPerUser() + " webhook endpoints per account");
    }
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            UUID.randomUUID(),
            ownerId,
            target,
            types,
            WebhookSigner.newSecret(),
            clock.instant(),
            new WebhookCircuit(0, null));
    webhooks.insert(endpoint);
    return endpoint;
  }

  public List<WebhookEndpoint> list(UUID ownerId) {
    return webhooks.ownedBy(ownerId);
  }

  public void delete(UUID ownerId, UUID id) {
    if (!webhooks.delete(id, ownerId)) {
      throw ApiProblem.notFound("no such webhook");
    }
  }

  /** A new secret, effective at once; the old one stops verifying. */
  public String rotateSecret(UUID ownerId, UUID id) {
    owned(ownerId, id);
    String secret = WebhookSigner.newSecret();
    webhooks.updateSecret(id, secret);
    return secret;
  }

  /**
   * Queues a test event, at most {@code maxTestEvents} per account per {@code testEventWindow}
   * (counted by account, not endpoint, so that deleting and registering endpoints gains nothing):
   * each one is a request Frameflow sends on the user's word to a URL the user chose.
   */
  public UUID sendTest(UUID ownerId, UUID id) {
    WebhookEndpoint endpoint = owned(ownerId, id);
    rateLimiter
        .tryAcquire(
            "webhook-test:" + ownerId, properties.maxTestEvents(), properties.testEventWindow())
        .ifPresent(
            wait -> {
              throw ApiProblem.of(
                  ProblemType.WEBHOOK_TESTS_THROTTLED,
                  "at most "
                      + properties.maxTestEvents()
                      + " webhook test events per "
                      + properties.testEventWindow().toString().substring(2).toLowerCase()
                      + "; try again later",
                  wait);
            });
    return events.test(endpoint, clock.instant());
  }

  public List<WebhookDelivery> deliveries(UUID ownerId, UUID id) {
    owned(ownerId, id);
    return webhooks.deliveriesOf(id, 100);
  }

  private WebhookEndpoint owned(UUID ownerId, UUID id) {
    return webhooks
        .findOwned(id, ownerId)
        .orElseThrow(() -> ApiProblem.notFound("no such webhook"));
  }

  private URI checkedUrl(String url) {
    return UserUrls.checked(guard, UserUrls.parse(url));
  }

  private static List<String> allNames() {
    return SUBSCRIBABLE.stream().map(WebhookEventType::id).toList();
  }
}
