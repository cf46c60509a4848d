package dev.frameflow.gateway.session;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser sessions of the web page ({@code FRAMEFLOW_SESSION_*}). {@code allowedOrigins} adds
 * origins besides the gateway's own (as the request reaches it, forwarded headers applied) from
 * which cookie requests are accepted; {@code secureCookie=false} is only for a plain-HTTP host that
 * is not localhost (browsers treat http://localhost as secure).
 */
@ConfigurationProperties("frameflow.session")
public record SessionProperties(
    @DefaultValue("14d") Duration refreshTtl,
    @DefaultValue("frameflow_session") String cookieName,
    @DefaultValue("true") boolean secureCookie,
    @DefaultValue List<String> allowedOrigins) {}
