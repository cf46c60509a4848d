package dev.frameflow.gateway.outbound;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code frameflow.outbound.*}: what the gateway may reach when a user names a URL (webhook
 * deliveries, imports). {@code allowedNetworks} lists CIDR blocks that are reachable although
 * internal (loopback, private, link-local): empty in production; a test or an on-premises
 * installation names exactly what it trusts.
 *
 * <p>What a server may answer before its body: at most {@code maxResponseHeaders} header lines,
 * each (and the status line) at most {@code maxResponseHeaderLine} long; anything more fails the
 * exchange. So a response's head costs at most their product in memory, whatever the server sends.
 */
@ConfigurationProperties("frameflow.outbound")
public record OutboundProperties(
    @DefaultValue List<String> allowedNetworks,
    @DefaultValue("100") int maxResponseHeaders,
    @DefaultValue("8KB") DataSize maxResponseHeaderLine) {

  public OutboundProperties {
    if (maxResponseHeaders < 1 || maxResponseHeaders > 1000) {
      throw new IllegalArgumentException(
          "frameflow.outbound.max-response-headers must be in [1, 1000]");
    }
    if (maxResponseHeaderLine.toBytes() < 256
        || maxResponseHeaderLine.toBytes() > DataSize.ofKilobytes(64).toBytes()) {
      throw new IllegalArgumentException(
          "frameflow.outbound.max-response-header-line must be in [256B, 64KB]");
    }
  }
}
