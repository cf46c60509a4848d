package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.GuardedHttpClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * Sends one signed delivery through a {@link GuardedHttpClients guarded client}: only to checked
 * addresses, no redirects (a 3xx is a failed attempt). Each attempt has a total deadline of its
 * own: when it passes, the request is aborted (its connection closed) whatever the receiver is
 * doing, so a receiver that trickles its answer a byte at a time, or never answers, holds a
 * delivery worker no longer than the deadline. Socket timeouts alone would not do: they bound the
 * silence between two bytes, not the exchange.
 */
public class WebhookClient implements AutoCloseable {

  /** An answer body up to this size is read to keep the connection; a larger one is cut off. */
  private static final long KEPT_BODY_BYTES = 16 * 1024;

  /** What one attempt got: a status code, or an error before any answer. */
  public record Attempt(Integer statusCode, String error) {
    public boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final CloseableHttpClient http;
  private final ScheduledExecutorService deadlines;

  public WebhookClient(DestinationGuard guard, WebhookProperties properties) {
    http =
        GuardedHttpClients.create(guard, properties.connectTimeout(), properties.responseTimeout());
    deadlines =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "webhook-deadlines");
              thread.setDaemon(true);
              return thread;
            });
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
    ScheduledFuture<?> abort =
        deadlines.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
    Integer statusCode = null;
    try (ClassicHttpResponse response = http.executeOpen(null, post, null)) {
      statusCode = response.getCode();
      if (!small(response.getEntity())) {
        post.cancel(); // the status is all we need: close the connection rather than read on
      }
      return new Attempt(statusCode, null);
    } catch (IOException | RuntimeException e) {
      // an aborted exchange may end in either: HttpClient words a closed connection as an
      // IllegalStateException in some states
      if (statusCode != null) {
        return new Attempt(statusCode, null); // the answer came; only its body was cut off
      }
      if (post.isCancelled()) {
        return new Attempt(null, "no answer within the attempt's deadline of " + deadline);
      }
      return new Attempt(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      abort.cancel(false);
    }
  }

  private static boolean small(HttpEntity entity) {
    return entity == null
        || (entity.getContentLength() >= 0 && entity.getContentLength() <= KEPT_BODY_BYTES);
  }

  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    http.close();
  }
}
