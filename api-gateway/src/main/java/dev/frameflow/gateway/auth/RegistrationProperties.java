package dev.frameflow.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registration ({@code FRAMEFLOW_REGISTRATION_*}): how many per client address and window, how long
 * a verification link is valid, whether new addresses count as verified at once (the standalone
 * mode, where mail goes to a local folder), how long an account that never confirmed its address is
 * kept before housekeeping deletes it, and how many takeover confirmation mails one address
 * receives per window.
 */
@ConfigurationProperties("frameflow.registration")
public record RegistrationProperties(
    @DefaultValue("10") int maxPerAddress,
    @DefaultValue("1h") Duration window,
    @DefaultValue("24h") Duration verificationTtl,
    @DefaultValue("false") boolean autoVerify,
    @DefaultValue("7d") Duration unverifiedAccountTtl,
    @DefaultValue("3") int maxTakeoverMailsPerAddress) {

  public RegistrationProperties {
    unverifiedAccountTtl = unverifiedAccountTtl == null ? Duration.ofDays(7) : unverifiedAccountTtl;
  }
}
