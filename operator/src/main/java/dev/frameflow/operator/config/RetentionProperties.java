package dev.frameflow.operator.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.retention.*}: how long finished VideoJobs stay.
 *
 * @param finishedTtl how long a finished VideoJob is kept after its outcome is published, when its
 *     {@code spec.ttlSecondsAfterFinished} says nothing; the video row in PostgreSQL stays the
 *     user's record
 * @param cancelTombstoneTtl how long the record of a cancel that overtook its upload stays (an id
 *     in one of the 32 ConfigMaps {@code cancelled-videos-NN}): longer than any upload can wait in
 *     the outbox
 * @param cancelTombstonesPerShard at most this many cancels per ConfigMap, the oldest dropped
 *     beyond (about 60 bytes each: 2000 keep a ConfigMap near 120 KB, far under the 1 MiB limit)
 */
@ConfigurationProperties("frameflow.operator.retention")
public record RetentionProperties(
    @DefaultValue("24h") Duration finishedTtl,
    @DefaultValue("7d") Duration cancelTombstoneTtl,
    @DefaultValue("2000") int cancelTombstonesPerShard) {}
