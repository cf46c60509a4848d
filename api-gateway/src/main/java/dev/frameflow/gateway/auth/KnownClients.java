package dev.frameflow.gateway.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Known-client proofs (OWASP "device cookies"): a successful login hands the client a signed proof
 * naming the account, the generation of its credentials and an expiry. A later login that presents
 * a valid proof for the same account spends that proof's own budget, not the account's budget for
 * unknown clients, so guessing from many addresses cannot lock the owner out of a client that has
 * signed in before. A proof is a JWT under the access tokens' key, but for a different audience: it
 * is never accepted as an access token, nor an access token as a proof. A password change or a
 * sign-out everywhere raises the generation and so voids every proof of the account.
 */
public class KnownClients {

  /** The header an API client sends its proof back in (the web page keeps it in a cookie). */
  public static final String HEADER = "Frameflow-Known-Client";

  private final SigningKeys keys;
  private final JwtProperties jwt;
  private final LoginThrottleProperties login;
  private final AccountStanding standing;
  private final Clock clock;
  private final String audience;
  private final JwtParser parser;

  public KnownClients(
      SigningKeys keys,
      JwtProperties jwt,
      LoginThrottleProperties login,
      AccountStanding standing,
      Clock clock) {
    this.keys = keys;
    this.jwt = jwt;
    this.login = login;
    this.standing = standing;
    this.clock = clock;
    // derived from the access tokens' audience so that the two can never be configured equal
    this.audience = jwt.audience() + ":known-client";
    this.parser = TokenService.parser(keys, jwt, clock, audience);
  }

  /** A proof handed out at a login; its id keys the proof's own login budget. */
  public record Proof(String value, Instant expiresAt) {}

  /** The proof for a client that has just signed in to this account. */
  public Proof issue(UUID userId, long generation) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(login.knownClientTtl());
    String value =
        TokenService.sign(
                keys,
                Jwts.builder()
                    .header()
                    .keyId(keys.keyId())
                    .and()
                    .issuer(jwt.issuer())
                    .audience()
                    .add(audience)
                    .and()
                    .subject(userId.toString())
                    .issuedAt(Date.from(now))
                    .expiration(Date.from(expiresAt))
                    .id(UUID.randomUUID().toString())
                    .claim(TokenService.GENERATION_CLAIM, generation))
            .compact();
    return new Proof(value, expiresAt);
  }

  /**
   * The id of the presented proof when it is ours, unexpired, for this account and of its current
   * generation of credentials; empty otherwise (the login then counts as from an unknown client).
   */
  public Optional<String> validFor(String presented, UUID userId) {
    if (presented == null || presented.isBlank() || presented.length() > 2000) {
      return Optional.empty();
    }
    try {
      Claims claims = parser.parseSignedClaims(presented).getPayload();
      Number generation = claims.get(TokenService.GENERATION_CLAIM, Number.class);
      // jjwt checks exp only when present: a proof without one would never expire
      if (claims.getExpiration() == null
          || claims.getId() == null
          || generation == null
          || !userId.toString().equals(claims.getSubject())) {
        return Optional.empty();
      }
      boolean current =
          standing
              .of(userId)
              .filter(now -> now.tokenGeneration() == generation.longValue())
              .isPresent();
      return current ? Optional.of(claims.getId()) : Optional.empty();
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
