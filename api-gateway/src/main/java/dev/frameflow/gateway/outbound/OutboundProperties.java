package dev.frameflow.gateway.outbound;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.outbound.*}: what the gateway may reach when a user names a URL (webhook
 * deliveries, imports). {@code allowedNetworks} lists CIDR blocks that are reachable although
 * internal (loopback, private, link-local): empty in production; a test or an on-premises
 * installation names exactly what it trusts.
 */
@ConfigurationProperties("frameflow.outbound")
public record OutboundProperties(@DefaultValue List<String> allowedNetworks) {}
