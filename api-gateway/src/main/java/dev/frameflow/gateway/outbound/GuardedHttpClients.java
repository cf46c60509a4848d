package dev.frameflow.gateway.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP clients for URLs users choose. Their DNS resolver is the {@link DestinationGuard}, so every
 * connection, redirects included, goes only to addresses the guard resolved and accepted; the
 * clients follow no redirects themselves (a caller that follows one checks the new URL first).
 *
 * <p>A response's head is bounded ({@link OutboundProperties}): httpcore5 reads status line and
 * headers into memory with no limit by default, so a server answering {@code 200} and then header
 * bytes for ever would fill the heap. Bodies are never drained on close ({@link
 * #closeWithoutDraining}): an endless chunked body would hold the thread for ever.
 */
public final class GuardedHttpClients {

  private GuardedHttpClients() {}

  public static CloseableHttpClient create(
      DestinationGuard guard,
      OutboundProperties limits,
      Duration connectTimeout,
      Duration responseTimeout) {
    DnsResolver resolver =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
              return guard.addressesOf(host);
            } catch (BlockedDestinationException e) {
              throw new BlockedHostException(e);
            }
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    Http1Config head =
        Http1Config.custom()
            .setMaxHeaderCount(limits.maxResponseHeaders())
            .setMaxLineLength((int) limits.maxResponseHeaderLine().toBytes())
            .build();
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setConnectionFactory(
                    ManagedHttpClientConnectionFactory.builder().http1Config(head).build())
                // what bounds concurrency is the callers' (upload slots, webhook workers), not
                // the pool: a pool wait would only add to what a slot holds
                .setMaxConnTotal(1000)
                .setMaxConnPerRoute(1000)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                        .setSocketTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis()))
                        .build())
                .build())
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build())
        .disableAutomaticRetries()
        .disableCookieManagement()
        .build();
  }

  /**
   * Ends an exchange without reading the rest of its body: the request is cancelled (its connection
   * closed) before the response is closed, which would otherwise read the body to its end. The
   * connection is not reused; an outbound exchange is one-off anyway.
   */
  public static void closeWithoutDraining(
      HttpUriRequestBase request, ClassicHttpResponse response) {
    request.cancel();
    if (response != null) {
      try {
        response.close();
      } catch (IOException | RuntimeException closedUnderIt) {
        // the connection is already closed: nothing left to release
      }
    }
  }

  /** The guard refused every address of a host; carried through the client as a lookup failure. */
  public static class BlockedHostException extends UnknownHostException {

    private final transient BlockedDestinationException refusal;

    BlockedHostException(BlockedDestinationException refusal) {
      super(refusal.getMessage());
      this.refusal = refusal;
    }

    /** What the user may be told (no resolved address). */
    public String publicReason() {
      return refusal.publicReason();
    }
  }
}
