package dev.frameflow.gateway.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
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

  /** The token refused for a kid that is none of ours. */
  private static final class UnknownKeyException extends JwtException {
    UnknownKeyException(String message) {
      super(message);
    }
  }

  /** The claim that carries the generation of the user's credentials ({@link AccountStanding}). */
  static final String GENERATION_CLAIM = "gen";

  /** The user a token speaks for and the generation of credentials it was issued under. */
  public record Verified(UUID userId, long generation) {}

  /** A token of the first generation (an account that never signed out everywhere). */
  public AccessToken issue(UUID userId) {
    return issue(userId, 0);
  }

  public AccessToken issue(UUID userId, long generation) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(properties.ttl());
    return new AccessToken(
        signed(keys, properties, properties.audience(), userId, generation, now, expiresAt),
        expiresAt);
  }

  /**
   * A token signed with our current key for {@code audience}, naming the user and the generation of
   * their credentials, with a random id (access tokens and known-client proofs).
   */
  static String signed(
      SigningKeys keys,
      JwtProperties properties,
      String audience,
      UUID userId,
      long generation,
      Instant now,
      Instant expiresAt) {
    return sign(
            keys,
            Jwts.builder()
                .header()
                .keyId(keys.keyId())
                .and()
                .issuer(properties.issuer())
                .audience()
                .add(audience)
                .and()
                .subject(userId.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .id(UUID.randomUUID().toString())
                .claim(GENERATION_CLAIM, generation))
        .compact();
  }

  /** The user id the token speaks for, or empty for any token we did not issue or that expired. */
  public Optional<UUID> verify(String token) {
    return verifyWithGeneration(token).map(Verified::userId);
  }

  /**
   * The same, with the token's generation: the caller compares it with the account's current one (a
   * token without the claim predates generations and counts as the first).
   */
  public Optional<Verified> verifyWithGeneration(String token) {
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      // jjwt checks exp only when present: a token without one would never expire
      if (claims.getExpiration() == null
          || claims.getIssuedAt() == null
          || claims.getId() == null
          || claims.getSubject() == null) {
        return Optional.empty();
      }
      if (!lifeIsOurs(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant())) {
        return Optional.empty();
      }
      Number generation = claims.get(GENERATION_CLAIM, Number.class);
      return Optional.of(
          new Verified(
              UUID.fromString(claims.getSubject()),
              generation == null ? 0 : generation.longValue()));
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Issued no later than now (within the clock skew) and living no longer than we give a token: a
   * good signature on a post-dated or long-lived token means a key was misused, not a login.
   */
  private boolean lifeIsOurs(Instant issuedAt, Instant expiresAt) {
    return !issuedAt.isAfter(clock.instant().plus(properties.clockSkew()))
        && Duration.between(issuedAt, expiresAt).compareTo(properties.ttl()) <= 0;
  }

  /** Signs with our current key under its one algorithm. */
  @SuppressWarnings("unchecked")
  private static JwtBuilder sign(SigningKeys keys, JwtBuilder builder) {
    if (keys.signingKey() instanceof SecretKey secret) {
      return builder.signWith(secret, (MacAlgorithm) keys.algorithm());
    }
    return builder.signWith(
        (PrivateKey) keys.signingKey(),
        (SecureDigestAlgorithm<PrivateKey, PublicKey>) keys.algorithm());
  }

  private JwtParser buildParser() {
    return parser(keys, properties, clock, properties.audience());
  }

  /**
   * A parser that accepts only our keys and algorithms, our issuer and this audience: an access
   * token and a known-client proof are never taken for one another.
   */
  static JwtParser parser(
      SigningKeys keys, JwtProperties properties, Clock clock, String audience) {
    var algorithms = Jwts.parser().sig().clear();
    keys.algorithms().forEach(algorithms::add);
    JwtParserBuilder builder =
        algorithms
            .and()
            .requireIssuer(properties.issuer())
            .requireAudience(audience)
            .clockSkewSeconds(properties.clockSkew().toSeconds())
            .clock(() -> Date.from(clock.instant()));
    // the token's kid picks the key: the current one or one rotated out but still trusted
    builder.keyLocator(
        header ->
            keys.verificationKey(header instanceof ProtectedHeader p ? p.getKeyId() : null)
                .orElseThrow(() -> new UnknownKeyException("unknown key id")));
    return builder.build();
  }
}
