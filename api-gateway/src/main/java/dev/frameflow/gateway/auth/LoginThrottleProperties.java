package dev.frameflow.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login attempts tolerated per window before a success: per account, and per client address
 * (higher, since many users can share one address behind a NAT). Shared by all replicas.
 */
@ConfigurationProperties("frameflow.login")
public record LoginThrottleProperties(
    @DefaultValue("5") int maxFailuresPerAccount,
    @DefaultValue("20") int maxFailuresPerAddress,
    @DefaultValue("1m") Duration window) {}
