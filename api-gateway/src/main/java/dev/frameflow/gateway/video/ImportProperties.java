package dev.frameflow.gateway.video;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.import.*}: how long a video fetched from a URL may take. {@code responseTimeout}
 * bounds the silence between two bytes; {@code headerDeadline} the time from sending a request to
 * having its status and headers (connecting included); {@code maxDuration} the whole fetch,
 * redirects and body included. Its size and minimum rate are the upload's ({@code
 * frameflow.upload.max-file-size}, {@code min-throughput}); which addresses it may reach and how
 * large a response's head may be is {@code frameflow.outbound.*}.
 */
@ConfigurationProperties("frameflow.import")
public record ImportProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration responseTimeout,
    @DefaultValue("30s") Duration headerDeadline,
    @DefaultValue("30m") Duration maxDuration,
    @DefaultValue("5") int maxRedirects) {}
