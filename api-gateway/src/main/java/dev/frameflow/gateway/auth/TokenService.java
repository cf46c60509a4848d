package dev.frameflow.gateway.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Issues and checks access tokens. A token is accepted only when its signature verifies with our
 * key under our one algorithm (so {@code alg: none} and algorithm swaps fail) and {@code iss},
 * {@code aud}, {@code exp}, {@code iat}, {@code sub} and {@code jti} are all present and right.
 */
public class TokenService {

  private final SigningKeys keys;
  private final JwtProperties properties;
  private final Clock clock;
  private final JwtParser parser;

  public TokenService(SigningKeys keys, JwtProperties properties, Clock clock) {
    this.keys = keys;
    this.properties = properties;
    this.clock = clock;
    this.parser = buildParser();
  }

  public record AccessToken(String value, Instant expiresAt) {}

  public AccessToken issue(UUID userId) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(properties.ttl());
    JwtBuilder builder =
        Jwts.builder()
            .header()
            .keyId(keys.keyId())
            .and()
            .issuer(properties.issuer())
            .audience()
            .add(properties.audience())
            .and()
            .subject(userId.toString())
            .issuedAt(Date.from(now))
            .expiration(Date.from(expiresAt))
            .id(UUID.randomUUID().toString());
    return new AccessToken(sign(builder).compact(), expiresAt);
  }

  /** The user id the token speaks for, or empty for any token we did not issue or that expired. */
  public Optional<UUID> verify(String token) {
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      if (claims.getIssuedAt() == null || claims.getId() == null || claims.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(UUID.fromString(claims.getSubject()));
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private JwtBuilder sign(JwtBuilder builder) {
    if (keys.signingKey() instanceof SecretKey secret) {
      return builder.signWith(secret, (MacAlgorithm) keys.algorithm());
    }
    return builder.signWith(
        (PrivateKey) keys.signingKey(),
        (SecureDigestAlgorithm<PrivateKey, PublicKey>) keys.algorithm());
  }

  private JwtParser buildParser() {
    JwtParserBuilder builder =
        Jwts.parser()
            .sig()
            .clear()
            .add(keys.algorithm())
            .and()
            .requireIssuer(properties.issuer())
            .requireAudience(properties.audience())
            .clockSkewSeconds(properties.clockSkew().toSeconds())
            .clock(() -> Date.from(clock.instant()));
    if (keys.verificationKey() instanceof SecretKey secret) {
      builder.verifyWith(secret);
    } else {
      builder.verifyWith((PublicKey) keys.verificationKey());
    }
    return builder.build();
  }
}
