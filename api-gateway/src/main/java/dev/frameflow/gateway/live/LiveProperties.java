package dev.frameflow.gateway.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live status stream ({@code FRAMEFLOW_LIVE_*}). Changes applied by this replica are pushed at
 * once; {@code sweepInterval} bounds how late a change applied by another replica (or a cancel)
 * shows. {@code heartbeat} keeps proxies (the ALB's 60 s idle timeout) from cutting a quiet stream;
 * {@code streamTimeout} ends a stream so the page reconnects with a fresh access token. A user may
 * hold {@code maxStreamsPerUser} streams at once on a replica (each holds a connection and is swept
 * every interval): the next is answered 429 {@code too-many-live-streams}.
 */
@ConfigurationProperties("frameflow.live")
public record LiveProperties(
    @DefaultValue("3s") Duration sweepInterval,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("10m") Duration streamTimeout,
    @DefaultValue("50") int videosPerUser,
    @DefaultValue("5") int maxStreamsPerUser) {}
