package dev.frameflow.gateway.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password reset ({@code FRAMEFLOW_ACCOUNT_*}): how long a mailed link is valid, how many reset
 * requests one client address may make and how many reset mails one account may receive per window
 * (more requests for an address are answered the same but send nothing: nobody can flood a mailbox
 * through us).
 */
@ConfigurationProperties("frameflow.account")
public record AccountProperties(
    @DefaultValue("1h") Duration passwordResetTtl,
    @DefaultValue("10") int maxResetRequestsPerAddress,
    @DefaultValue("3") int maxResetMailsPerAccount,
    @DefaultValue("1h") Duration resetWindow) {}
