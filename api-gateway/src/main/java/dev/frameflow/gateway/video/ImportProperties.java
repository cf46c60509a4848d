package dev.frameflow.gateway.video;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.import.*}: how long a video fetched from a URL may take. Its size is the
 * upload's limit ({@code frameflow.upload.max-file-size}); which addresses it may reach is {@code
 * frameflow.outbound.*}.
 */
@ConfigurationProperties("frameflow.import")
public record ImportProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration responseTimeout,
    @DefaultValue("30m") Duration maxDuration,
    @DefaultValue("5") int maxRedirects) {}
