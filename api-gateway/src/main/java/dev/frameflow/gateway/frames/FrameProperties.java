package dev.frameflow.gateway.frames;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Frames on demand ({@code FRAMEFLOW_FRAMES_*}).
 *
 * @param mode {@code remote}: render on the frame-server at {@code serverUrl} (Kubernetes); {@code
 *     in-process}: the standalone mode's renderer in this JVM
 * @param serverUrl the frame-server's base URL ({@code http://frame-server:8080}); unset in remote
 *     mode, the frame endpoints answer 503 {@code frames-unavailable}
 * @param linkMaxLifetime the longest a signed frame URL may be valid
 * @param linkDefaultLifetime a signed frame URL's validity when the request names none
 * @param presignLifetime how long the presigned GET of the source the frame-server reads through is
 *     valid: one render's worth
 * @param connectTimeout connecting to the frame-server
 * @param renderTimeout the frame-server's whole answer (a cold frame of a long video, an animation)
 * @param unavailableRetryAfter the {@code Retry-After} of a 503 when the frame-server is
 *     unreachable
 */
@ConfigurationProperties("frameflow.frames")
public record FrameProperties(
    @DefaultValue("remote") String mode,
    URI serverUrl,
    @DefaultValue("7d") Duration linkMaxLifetime,
    @DefaultValue("1h") Duration linkDefaultLifetime,
    @DefaultValue("2m") Duration presignLifetime,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("30s") Duration renderTimeout,
    @DefaultValue("5s") Duration unavailableRetryAfter) {}
