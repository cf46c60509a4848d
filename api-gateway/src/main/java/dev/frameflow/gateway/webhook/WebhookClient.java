package dev.frameflow.gateway.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one signed delivery. The connection goes only to addresses the {@link DestinationGuard}
 * resolved and accepted (its DNS resolver is the client's), redirects are not followed (a 3xx is a
 * failed attempt), and the answer's body is read only to free the connection.
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
    DnsResolver resolver =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
              return guard.addressesOf(host);
            } catch (BlockedDestinationException e) {
              throw new UnknownHostException(e.getMessage());
            }
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(resolver)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(
                                Timeout.ofMilliseconds(properties.connectTimeout().toMillis()))
                            .setSocketTimeout(
                                Timeout.ofMilliseconds(properties.responseTimeout().toMillis()))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setResponseTimeout(
                        properties.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .build();
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
