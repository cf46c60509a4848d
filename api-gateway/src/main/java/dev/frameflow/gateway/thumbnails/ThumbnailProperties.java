package dev.frameflow.gateway.thumbnails;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Thumbnails ({@code FRAMEFLOW_THUMBNAILS_*}). Reading a ZIP's directory or decoding a frame holds
 * one of {@code maxDecodes} slots of the replica and one of {@code maxDecodesPerUser} of its user;
 * a request waits at most {@code queueWait} for both, then is refused (503 {@code server-busy} when
 * the replica is full, 429 {@code too-many-thumbnail-requests} when the user is) with {@code
 * Retry-After}. Answers already cached need no slot. The caches are bounded by bytes: {@code
 * directoryCache} for the ZIPs' frame lists, {@code imageCache} for the finished JPEGs.
 */
@ConfigurationProperties("frameflow.thumbnails")
public record ThumbnailProperties(
    @DefaultValue("4") int maxDecodes,
    @DefaultValue("2") int maxDecodesPerUser,
    @DefaultValue("2s") Duration queueWait,
    @DefaultValue("1s") Duration retryAfter,
    @DefaultValue("16MB") DataSize directoryCache,
    @DefaultValue("32MB") DataSize imageCache) {}
