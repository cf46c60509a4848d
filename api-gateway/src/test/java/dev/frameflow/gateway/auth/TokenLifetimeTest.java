package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An access token is accepted only for the life the gateway gives its own: one issued in the
 * future, or living longer than {@code frameflow.jwt.ttl}, is refused even when its signature is
 * good (a leaked or old key must not mint long-lived or post-dated tokens).
 */
class TokenLifetimeTest {

  private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes-long";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private static JwtProperties properties(Duration ttl) {
    return new JwtProperties(
        "frameflow", "frameflow-api", ttl, Duration.ofSeconds(30), null, null, SECRET, null, null);
  }

  private static TokenService tokens(Duration ttl, Instant now) {
    JwtProperties properties = properties(ttl);
    return new TokenService(
        SigningKeys.from(properties), properties, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aTokenOfTheConfiguredLifeIsAccepted() {
    UUID user = UUID.randomUUID();
    String token = tokens(Duration.ofMinutes(15), NOW).issue(user).value();

    assertThat(tokens(Duration.ofMinutes(15), NOW.plusSeconds(60)).verify(token)).hasValue(user);
  }

  @Test
  void aTokenIssuedInTheFutureIsRefused() {
    String token =
        tokens(Duration.ofMinutes(15), NOW.plusSeconds(3600)).issue(UUID.randomUUID()).value();

    assertThat(tokens(Duration.ofMinutes(15), NOW).verify(token)).isEmpty();
  }

  @Test
  void aTokenIssuedWithinTheClockSkewIsAccepted() {
    UUID user = UUID.randomUUID();
    String token = tokens(Duration.ofMinutes(15), NOW.plusSeconds(20)).issue(user).value();

    assertThat(tokens(Duration.ofMinutes(15), NOW).verify(token)).hasValue(user);
  }

  @Test
  void aTokenLivingLongerThanTheConfiguredTtlIsRefused() {
    String token = tokens(Duration.ofDays(30), NOW).issue(UUID.randomUUID()).value();

    assertThat(tokens(Duration.ofMinutes(15), NOW.plusSeconds(60)).verify(token)).isEmpty();
  }
}
