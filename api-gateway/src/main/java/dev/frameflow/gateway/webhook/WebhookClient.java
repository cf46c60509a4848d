package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.ExchangeWatchdog;
import dev.frameflow.gateway.outbound.GuardedHttpClients;
import dev.frameflow.gateway.outbound.OutboundFailures;
import dev.frameflow.gateway.outbound.OutboundProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one signed delivery through a {@link GuardedHttpClients guarded client}: only to checked
 * addresses, no redirects (a 3xx is a failed attempt), a bounded response head. Each attempt has a
 * total deadline of its own ({@link ExchangeWatchdog}): when it passes, the request is aborted (its
 * connection closed) whatever the receiver is doing, so a receiver that trickles its answer a byte
 * at a time, or never answers, holds a delivery worker no longer than the deadline. Socket timeouts
 * alone would not do: they bound the silence between two bytes, not the exchange. The error kept
 * for the endpoint's owner names the kind of failure, never an address the gateway resolved.
 */
public class WebhookClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);

  /** An answer body up to this size is read to keep the connection; a larger one is cut off. */
  private static final long KEPT_BODY_BYTES = 16 * 1024;

  /** What one attempt got: a status code, or an error before any answer. */
  public record Attempt(Integer statusCode, String error) {
    public boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final CloseableHttpClient http;
  private final ExchangeWatchdog deadlines = new ExchangeWatchdog("webhook-deadlines");

  public WebhookClient(
      DestinationGuard guard, OutboundProperties outbound, WebhookProperties properties) {
    http =
        GuardedHttpClients.create(
            guard, outbound, properties.connectTimeout(), properties.responseTimeout());
  }

  /** Posts the delivery; the attempt ends by {@code deadline} at the latest. */
  public Attempt post(
      URI url, WebhookDelivery delivery, String secret, long unixSeconds, Duration deadline) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    HttpPost post = new HttpPost(url);
    post.setHeader("User-Agent", "Frameflow-Webhooks/1");
    post.setHeader(WebhookSigner.HEADER, WebhookSigner.header(unixSeconds, body, secret));
    post.setHeader("Frameflow-Event-Id", delivery.eventId().toString());
    post.setHeader("Frameflow-Event-Type", delivery.eventType());
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    try (ExchangeWatchdog.Watch watch = deadlines.watch(post, Instant.now().plus(deadline))) {
      ClassicHttpResponse response;
      try {
        response = http.executeOpen(null, post, null);
      } catch (IOException | RuntimeException e) {
        // an aborted exchange may end in either: HttpClient words a closed connection as an
        // IllegalStateException in some states
        if (watch.expired()) {
          return new Attempt(null, "no answer within the attempt's deadline of " + deadline);
        }
        log.info("webhook attempt to {} failed: {}", url.getHost(), e.toString());
        return new Attempt(null, OutboundFailures.describe(e));
      }
      if (small(response.getEntity())) {
        closeQuietly(
            response); // reads what is left of it, within the deadline: keeps the connection
      } else {
        // the status is all we need: close the connection rather than read on
        GuardedHttpClients.closeWithoutDraining(post, response);
      }
      return new Attempt(response.getCode(), null);
    }
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException | RuntimeException e) {
      // nothing left to release
    }
  }

  private static boolean small(HttpEntity entity) {
    return entity == null
        || (entity.getContentLength() >= 0 && entity.getContentLength() <= KEPT_BODY_BYTES);
  }

  @Override
  public void close() throws IOException {
    deadlines.close();
    http.close();
  }
}
