package dev.frameflow.gateway.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP clients for URLs users choose. Their DNS resolver is the {@link DestinationGuard}, so every
 * connection, redirects included, goes only to addresses the guard resolved and accepted; the
 * clients follow no redirects themselves (a caller that follows one checks the new URL first).
 */
public final class GuardedHttpClients {

  private GuardedHttpClients() {}

  public static CloseableHttpClient create(
      DestinationGuard guard, Duration connectTimeout, Duration responseTimeout) {
    DnsResolver resolver =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
              return guard.addressesOf(host);
            } catch (BlockedDestinationException e) {
              throw new BlockedHostException(e.getMessage());
            }
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
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

  /** The guard refused every address of a host; carried through the client as a lookup failure. */
  public static class BlockedHostException extends UnknownHostException {
    public BlockedHostException(String reason) {
      super(reason);
    }
  }
}
