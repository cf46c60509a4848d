package dev.frameflow.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login attempts tolerated per window before a success: per account from clients without a proof of
 * an earlier login (the budget all guessers share against one account, however many addresses they
 * use), per known-client proof ({@link KnownClients}: the owner's own budget, which guessers cannot
 * spend), and per client address over all accounts (higher, since many users can share one address
 * behind a NAT); and how long a known-client proof lasts. Shared by all replicas.
 */
@ConfigurationProperties("frameflow.login")
public record LoginThrottleProperties(
    @DefaultValue("5") int maxFailuresPerAccount,
    @DefaultValue("5") int maxFailuresPerKnownClient,
    @DefaultValue("20") int maxFailuresPerAddress,
    @DefaultValue("1m") Duration window,
    @DefaultValue("90d") Duration knownClientTtl) {}
