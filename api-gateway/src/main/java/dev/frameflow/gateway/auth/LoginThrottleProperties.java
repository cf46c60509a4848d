package dev.frameflow.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login attempts tolerated per window before a success: per account from one client address (the
 * budget a guesser at one address has against one account), per account from all addresses together
 * (higher: it bounds guessing spread over many addresses, and only that many addresses acting
 * together can lock the owner out), and per client address over all accounts (higher, since many
 * users can share one address behind a NAT). Shared by all replicas.
 */
@ConfigurationProperties("frameflow.login")
public record LoginThrottleProperties(
    @DefaultValue("5") int maxFailuresPerAccountAndAddress,
    @DefaultValue("100") int maxFailuresPerAccount,
    @DefaultValue("20") int maxFailuresPerAddress,
    @DefaultValue("1m") Duration window) {}
