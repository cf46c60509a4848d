package dev.frameflow.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access-token settings ({@code FRAMEFLOW_JWT_*}). Exactly one key source is used: a PEM private
 * key (Ed25519 → EdDSA, RSA → RS256), else an HMAC secret of at least 256 bits (HS256), else a
 * development key generated at start.
 */
@ConfigurationProperties("frameflow.jwt")
public record JwtProperties(
    @DefaultValue("frameflow") String issuer,
    @DefaultValue("frameflow-api") String audience,
    @DefaultValue("15m") Duration ttl,
    @DefaultValue("30s") Duration clockSkew,
    Path privateKeyFile,
    String keyId,
    String hmacSecret) {}
