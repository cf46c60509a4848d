package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.GuardedHttpClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Sends one signed delivery through a {@link GuardedHttpClients guarded client}: only to checked
 * addresses, no redirects (a 3xx is a failed attempt); the answer's body is read only to free the
 * connection.
 */
public class WebhookClient implements AutoCloseable {

  /** What one attempt got: a status code, or an error before any answer. */
  public record Attempt(Integer statusCode, String error) {
    public boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final CloseableHttpClient http;

  public WebhookClient(DestinationGuard guard, WebhookProperties properties) {
    http =
        GuardedHttpClients.create(guard, properties.connectTimeout(), properties.responseTimeout());
  }

  public Attempt post(URI url, WebhookDelivery delivery, String secret, long unixSeconds) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    HttpPost post = new HttpPost(url);
    post.setHeader("User-Agent", "Frameflow-Webhooks/1");
    post.setHeader(WebhookSigner.HEADER, WebhookSigner.header(unixSeconds, body, secret));
    post.setHeader("Frameflow-Event-Id", delivery.eventId().toString());
    post.setHeader("Frameflow-Event-Type", delivery.eventType());
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    try {
      return http.execute(
          post,
          response -> {
            EntityUtils.consume(response.getEntity());
            return new Attempt(response.getCode(), null);
          });
    } catch (IOException e) {
      return new Attempt(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
