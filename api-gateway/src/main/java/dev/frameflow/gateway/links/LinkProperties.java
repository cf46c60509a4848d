package dev.frameflow.gateway.links;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed download links ({@code FRAMEFLOW_LINKS_*}). {@code signingKey} (base64, at least 32 bytes)
 * is optional: without it a random key is generated once and kept in the database, so every replica
 * and every restart signs and checks with the same one.
 */
@ConfigurationProperties("frameflow.links")
public record LinkProperties(
    @DefaultValue("7d") Duration emailValidity,
    @DefaultValue("10m") Duration pageValidity,
    String signingKey) {}
