package dev.frameflow.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings ({@code FRAMEFLOW_JWT_*}). Exactly one signing key: a PEM private key (Ed25519 →
 * EdDSA, RSA → RS256), else an HMAC secret of at least 256 bits (HS256); with neither the gateway
 * refuses to start (the standalone mode writes its own key file). {@code previousKeysFile} is a
 * JWKS document of public keys that still VERIFY tokens (by {@code kid}) after a rotation, so
 * nobody is logged out: save the old {@code /.well-known/jwks.json} there before switching keys.
 */
@ConfigurationProperties("frameflow.jwt")
public record JwtProperties(
    @DefaultValue("frameflow") String issuer,
    @DefaultValue("frameflow-api") String audience,
    @DefaultValue("15m") Duration ttl,
    @DefaultValue("30s") Duration clockSkew,
    Path privateKeyFile,
    String keyId,
    String hmacSecret,
    Path previousKeysFile,
    @DefaultValue("30d") Duration refreshTtl) {

  public JwtProperties {
    refreshTtl = refreshTtl == null ? Duration.ofDays(30) : refreshTtl;
  }
}
